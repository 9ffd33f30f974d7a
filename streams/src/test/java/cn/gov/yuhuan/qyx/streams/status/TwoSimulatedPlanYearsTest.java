package cn.gov.yuhuan.qyx.streams.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.producers.simulate.Send;
import cn.gov.yuhuan.qyx.producers.simulate.YearSimulation;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulated plan years back to back through the topology: the 2024 plan as it is, and a 2025
 * plan added as data (the same rows for 2025). 2024's reports run on into 2025 (December's and
 * Q4's in January, late ones to April) while 2025's start; each year must end with exactly what
 * the simulator sent for it, and nothing of one in the other.
 */
class TwoSimulatedPlanYearsTest {
  private static final LocalDate LAST_DAY = LocalDate.of(2025, 6, 30);

  @TempDir Path stateDir;
  @TempDir Path catalogDir;

  @Test
  void shouldCountTwoSimulatedYearsBackToBackEachIntoItsOwnPlan() throws IOException {
    Catalog twoYears = twoYearCatalog();
    YearSimulation first = YearSimulation.generate(twoYears, 2024, 2024, LocalDate.of(2025, 4, 30), BigDecimal.ZERO);
    YearSimulation second = YearSimulation.generate(twoYears, 2025, 2025, LAST_DAY, BigDecimal.ZERO);
    // Every fourth indicator of the plan (every kind and trajectory is among them), to keep the test short.
    List<String> ids = new ArrayList<>();
    List<IndicatorDefinition> plan = twoYears.indicators(2024);
    for (int i = 0; i < plan.size(); i += 4) {
      ids.add(plan.get(i).getId());
    }
    List<Send> sends = new ArrayList<>(first.sends());
    sends.addAll(second.sends());
    sends.removeIf(send -> !ids.contains(((Send.Good) send).report().getIndicatorId()));
    sends.sort(Comparator.comparing(Send::sentAt));

    try (Timeline t = new Timeline(stateDir, Map.of(), twoYears, 1, ids.toArray(String[]::new))) {
      t.play(sends, LAST_DAY);

      assertActuals(t, 2024, only(ids, first.expectedActuals()));
      assertActuals(t, 2025, only(ids, second.expectedActuals()));
      assertThat(t.row(ids.get(0), 2024).getStatus()).as("2024 judged final").isIn("ACHIEVED", "MISSED");
      assertThat(t.row(ids.get(0), 2025).getAsOf()).as("2025 judged on").hasToString(LAST_DAY.toString());
    }
  }

  private static SortedMap<String, BigDecimal> only(List<String> ids, SortedMap<String, BigDecimal> actuals) {
    var kept = new java.util.TreeMap<>(actuals);
    kept.keySet().retainAll(ids);
    return kept;
  }

  private static void assertActuals(Timeline t, int planYear, SortedMap<String, BigDecimal> expected) {
    assertThat(expected).as("the simulator sent %d", planYear).hasSizeGreaterThan(15);
    expected.forEach((id, actual) ->
        assertThat(t.row(id, planYear).getActual()).as("%s in %d", id, planYear).isEqualByComparingTo(actual));
  }

  /** catalog/data, and every 2024 row again for a 2025 plan (deadline 2025-12-31). */
  private Catalog twoYearCatalog() throws IOException {
    Path data = Path.of("../catalog/data");
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
        Files.copy(file, catalogDir.resolve(file.getFileName()));
      }
    }
    Files.write(catalogDir.resolve("plan.csv"), List.of("2025,2025年玉环市公共服务“七优享”工程工作要点"), StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    List<String> rows2025 = Files.readAllLines(data.resolve("indicators.csv"), StandardCharsets.UTF_8).stream().skip(1)
        .map(row -> "2025" + row.substring("2024".length()).replace(",2024-12-31,", ",2025-12-31,")).toList();
    Files.write(catalogDir.resolve("indicators.csv"), rows2025, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return Catalog.load(catalogDir);
  }
}
