package cn.gov.yuhuan.qyx.streams.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan years and editions, on the plan's own AED row (187 台 in 2024, LINEAR, monthly, 10 days of
 * grace), in a catalog copied from {@code catalog/data} with what a later year adds as data: a 2025
 * plan with the same indicator, and a revision of 2024's target published with an effective date.
 */
class PlanYearsTimelineTest {
  private static final String AED = "health.aed_installed";
  private static final String HEALTH = "市卫生健康局";

  @TempDir Path stateDir;
  @TempDir Path catalogDir;

  private static Reports.Builder aed(String period, String value) {
    return Reports.value(AED, "KANMEN", period, value).reportingUnit(HEALTH);
  }

  /** The plan's catalog, plus {@code extraPlans} lines of plan.csv and {@code extraRows} edited copies of the AED row. */
  @SafeVarargs
  private Catalog catalog(List<String> extraPlans, java.util.function.UnaryOperator<String>... extraRows) throws IOException {
    return catalog(AED, extraPlans, extraRows);
  }

  /** The same with edited copies of indicator {@code id}'s 2024 row. */
  @SafeVarargs
  private Catalog catalog(String id, List<String> extraPlans, java.util.function.UnaryOperator<String>... extraRows) throws IOException {
    Path data = Path.of("../catalog/data");
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
        Files.copy(file, catalogDir.resolve(file.getFileName()));
      }
    }
    Files.write(catalogDir.resolve("plan.csv"), extraPlans, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    String row = Files.readAllLines(data.resolve("indicators.csv"), StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("2024," + id + ",")).findFirst().orElseThrow();
    for (var edit : extraRows) {
      Files.write(catalogDir.resolve("indicators.csv"), List.of(edit.apply(row)), StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
    }
    return Catalog.load(catalogDir);
  }

  @Test
  void shouldKeepTwoPlanYearsApartAndJudgeEachAgainstItsOwnPlanAcrossTheRollover() throws IOException {
    Catalog twoYears = catalog(List.of("2025,2025年玉环市公共服务“七优享”工程工作要点"),
        row -> row.replace("2024," + AED + ",,", "2025," + AED + ",,").replace(",187,", ",200,").replace("2024-12-31", "2025-12-31"));
    try (Timeline t = new Timeline(stateDir, Map.of(), twoYears, 1, AED)) {
      t.report("2024-12-05", aed("2024-11", "170")).tick("2024-12-31");
      assertThat(t.row(AED, 2024).getStatus()).as("170 of 187 on the deadline, December still due").isEqualTo("MISSED");
      assertThat(t.row(AED, 2025)).as("no 2025 row before its year").isNull();

      // The clock rolls over; December's figure for 2024 comes in January, 2025's first in February.
      t.tick("2025-01-01").report("2025-01-08", aed("2024-12", "20")).tick("2025-01-09");
      assertThat(t.row(AED, 2024).getActual()).isEqualByComparingTo("190");
      assertThat(t.row(AED, 2024).getStatus()).as("December's report lands in 2024's plan").isEqualTo("ACHIEVED");
      assertThat(t.row(AED, 2025).getActual()).as("nothing of 2024 is added into 2025").isEqualByComparingTo("0");
      assertThat(t.row(AED, 2025).getTarget()).as("judged against 2025's plan").isEqualByComparingTo("200");

      t.report("2025-02-05", aed("2025-01", "18")).tick("2025-02-05");
      assertThat(t.row(AED, 2025).getActual()).isEqualByComparingTo("18");
      assertThat(t.row(AED, 2025).getStatus()).isEqualTo("ON_TRACK");
      assertThat(t.row(AED, 2024).getActual()).as("2025's values stay out of 2024").isEqualByComparingTo("190");
      assertThat(t.history(AED, 2024, "2024-12-31").getStatus()).as("the deadline's judgement stays as it was").isEqualTo("MISSED");
      assertThat(t.history(AED, 2024, "2025-01-09").getStatus()).isEqualTo("ACHIEVED");
    }
  }

  @Test
  void shouldJudgeFromARevisionsEffectiveDateAndLeaveTheHistoryBeforeItAsItWasJudged(@TempDir Path rebuiltState) throws IOException {
    Catalog revised = catalog(List.of(),
        row -> row.replace("2024," + AED + ",,", "2024," + AED + ",2024-07-01,").replace(",187,", ",100,"));
    try (Timeline t = new Timeline(stateDir, Map.of(), revised, 1, AED)) {
      t.report("2024-06-05", aed("2024-05", "40")).tick("2024-06-30");
      assertThat(t.row(AED).getTarget()).as("the first edition judges June").isEqualByComparingTo("187");
      assertThat(t.row(AED).getStatus()).as("40 of 77.66 expected through May").isEqualTo("LAGGING");

      t.tick("2024-07-01");
      assertThat(t.row(AED).getTarget()).as("the revision judges from its date on").isEqualByComparingTo("100");
      assertThat(t.row(AED).getStatus()).as("40 of 41.53 expected through May").isEqualTo("ON_TRACK");
      assertThat(t.newAlerts()).contains("2024-07-01 LAGGING RESOLVED notice=RESOLVED");
      assertThat(t.history(AED, "2024-06-30").getTarget()).as("June 30 stays as it was judged").isEqualByComparingTo("187");
      assertThat(t.history(AED, "2024-06-30").getStatus()).isEqualTo("LAGGING");

      // A rebuild reads the same log with every edition already published, and judges the same.
      try (Timeline rebuilt = new Timeline(rebuiltState, Map.of(), revised, 1, AED)) {
        rebuilt.report("2024-06-05", aed("2024-05", "40")).tick("2024-06-30").tick("2024-07-01");
        for (String day : List.of("2024-06-30", "2024-07-01")) {
          assertThat(rebuilt.history(AED, day).getTarget()).as(day).isEqualByComparingTo(t.history(AED, day).getTarget());
          assertThat(rebuilt.history(AED, day).getStatus()).as(day).isEqualTo(t.history(AED, day).getStatus());
        }
      }
    }
  }

  private static final String AGENCIES = "employment.hr_service_agencies"; // LEVEL, 超80家, CITY, monthly; 2024: no start, YEAR_END

  private static Reports.Builder agencies(String period, String value) {
    return Reports.value(AGENCIES, "CITY", period, value).reportingUnit("市人力社保局");
  }

  @Test
  void shouldRampALevelFromThePreviousPlanYearsFinalActualAndJudgeItAsAYearFigureWithout(@TempDir Path withoutState) throws IOException {
    // 2025 as a later plan would write it: 超90家, ramping (LINEAR) from where 2024 ended.
    Catalog twoYears = catalog(AGENCIES, List.of("2025,2025年玉环市公共服务“七优享”工程工作要点"),
        row -> row.replace("2024," + AGENCIES + ",,", "2025," + AGENCIES + ",,").replace(",80,", ",90,")
            .replace("2024-12-31,YEAR_END", "2025-12-31,LINEAR"));
    try (Timeline t = new Timeline(stateDir, Map.of(), twoYears, 1, AGENCIES)) {
      t.report("2025-01-05", agencies("2024-12", "70")).tick("2025-01-05");
      assertThat(t.row(AGENCIES, 2024).getActual()).isEqualByComparingTo("70");

      t.report("2025-02-05", agencies("2025-01", "71")).tick("2025-02-05");
      assertThat(t.row(AGENCIES, 2025).getExpected()).as("nothing due yet: where 2024 ended").isEqualByComparingTo("70");
      t.report("2025-03-05", agencies("2025-02", "71")).tick("2025-03-05");
      assertThat(t.row(AGENCIES, 2025).getExpected()).as("70 + 20 × 59/365 by 28 February").isEqualByComparingTo("73.2329");
      assertThat(t.row(AGENCIES, 2025).getStatus()).isEqualTo("ON_TRACK");   // 2.48 points behind
    }
    try (Timeline t = new Timeline(withoutState, Map.of(), twoYears, 1, AGENCIES)) {
      t.tick("2025-01-05").report("2025-03-05", agencies("2025-02", "71")).tick("2025-03-05");
      assertThat(t.row(AGENCIES, 2025).getExpected()).as("no 2024 figure: a year figure").isEqualByComparingTo("90");
      assertThat(t.row(AGENCIES, 2025).getStatus()).isEqualTo("AT_RISK");
      t.newAlerts();
      assertThat(t.allAlerts).filteredOn(alert -> alert.getPlanYear() == 2025)
          .as("a year figure short of its target in spring raises nothing (2024, never reported, is overdue)").isEmpty();
    }
  }

  /** 争取2家医院建成安宁疗护病区: a stretch target (争取), one ward by the year's end, December reported. */
  private static void oneWardOfTwo(Timeline t) {
    t.report("2024-12-05", Reports.value("elderly.hospice_wards", "CITY", "2024-11", "1").reportingUnit("市民政局"))
        .tick("2024-12-31")
        .report("2025-01-06", Reports.value("elderly.hospice_wards", "CITY", "2024-12", "0").reportingUnit("市民政局"))
        .tick("2025-01-07");
  }

  @Test
  void shouldJudgeAStretchTargetMissedButRaiseNoAlertUnlessAskedTo(@TempDir Path alertingState) throws IOException {
    Catalog plan = catalog(List.of());
    try (Timeline t = new Timeline(stateDir, Map.of(), plan, 1, "elderly.hospice_wards")) {
      oneWardOfTwo(t);
      assertThat(t.row("elderly.hospice_wards").getStatus()).isEqualTo("MISSED");
      assertThat(t.newAlerts()).as("a stretch target is judged, not chased").isEmpty();
    }
    try (Timeline t = new Timeline(alertingState, Map.of(PipelineConfig.ALERT_STRETCH_TARGETS, true), plan, 1, "elderly.hospice_wards")) {
      oneWardOfTwo(t);
      assertThat(t.newAlerts()).as("alert.stretch.targets=true").containsExactly("2025-01-07 MISSED FIRING notice=RAISED");
    }
  }
}
