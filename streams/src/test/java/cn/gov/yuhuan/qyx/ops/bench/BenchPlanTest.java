package cn.gov.yuhuan.qyx.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's plan: three indicators (a COUNT, a LEVEL, a RATIO) over two areas, two revisions. The
 * expected figures were worked out by hand from the value formulas (a short Python script), not by
 * the pipeline's code.
 */
class BenchPlanTest {
  private final BenchPlan plan = new BenchPlan(3, 2, 2);

  @Test
  void shouldSendEveryDataValueOnceARevisionFirstRevisionsFirst() {
    List<ProgressReport> reports = new ArrayList<>();
    plan.reportsInOrder().forEachRemaining(reports::add);
    assertThat(reports).hasSize(3 * 2 * 12 * 2);                       // indicators × areas × months × revisions
    assertThat(reports.subList(0, 72)).allMatch(r -> r.getRevision() == 1);
    assertThat(reports.subList(72, 144)).allMatch(r -> r.getRevision() == 2 && r.getCorrectionReason() != null);
    assertThat(new HashSet<>(reports.stream().map(ProgressReport::getEventId).toList())).hasSize(144);
    assertThat(reports.get(0).getValue()).isEqualByComparingTo("14");  // bench.i000, A0000, 2024-01, revision 1: (3 + 11) % 50
  }

  @Test
  void shouldExpectTheLastRevisionByEachKindsRule() {
    assertThat(plan.expectedActual(0)).isEqualByComparingTo("630");      // COUNT: Σ over 2 areas × 12 months
    assertThat(plan.expectedActual(1)).isEqualByComparingTo("85");       // LEVEL: Σ of December over 2 areas
    assertThat(plan.expectedActual(2)).isEqualByComparingTo("25.3731");  // RATIO: 51 / 201 × 100
  }

  @Test
  void shouldWriteACatalogTheLoaderAccepts(@TempDir Path dir) {
    plan.writeCatalog(dir);
    Catalog catalog = Catalog.load(dir);
    assertThat(catalog.indicators()).extracting(i -> i.getId() + " " + i.getKind())
        .containsExactly("bench.i000 COUNT", "bench.i001 LEVEL", "bench.i002 RATIO",
            "bench.w000 COUNT", "bench.w001 LEVEL", "bench.w002 RATIO");   // the warm-up's
    assertThat(catalog.areas()).hasSize(3);                              // CITY and two townships
  }

  @Test
  void shouldWarmUpOnOtherIndicatorsWithReportsTheirKindsAccept() {
    List<ProgressReport> warmup = plan.warmupReports(1);
    assertThat(warmup).hasSize(3 * 2 * 12);
    assertThat(warmup).extracting(ProgressReport::getIndicatorId).allMatch(id -> id.startsWith("bench.w"));
    assertThat(warmup).filteredOn(r -> r.getIndicatorId().equals("bench.w002"))
        .allMatch(r -> r.getValue() == null && r.getNumerator() != null && r.getDenominator() != null);   // the RATIO's
  }

  @Test
  void shouldWarmUpWithWholeRevisionsUpToTheSizeAskedFor() {
    assertThat(plan.warmupReports(100)).hasSize(2 * 72);            // 72 a revision: 100 takes two
    assertThat(plan.warmupReports(144)).hasSize(2 * 72)
        .extracting(ProgressReport::getEventId).doesNotHaveDuplicates();
    assertThat(plan.warmupReports(144)).extracting(ProgressReport::getRevision).containsOnly(1, 2);
  }

  @Test
  void shouldSizeThePlanToTheReportsAskedFor() {
    BenchPlan province = BenchPlan.forReports(3_000_000, 3, 990);
    assertThat(province.indicators()).isEqualTo(84);
    assertThat(province.reports()).isEqualTo(2_993_760);
  }
}
