package cn.gov.yuhuan.qyx.producers.demo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoBatchTest {
  @Test
  void shouldGiveTheSameReportsForTheSameSeed() {
    assertThat(DemoBatch.generate(42).reports()).isEqualTo(DemoBatch.generate(42).reports());
  }

  @Test
  void shouldExpectTheTotalsOfTheStandingRevisionOfEachDataValue() {
    DemoBatch batch = DemoBatch.generate(2024);
    // Recompute independently: the last revision per key counts, once.
    Map<String, ProgressReport> standing = new HashMap<>();
    for (ProgressReport r : batch.reports()) {
      String key = r.getIndicatorId() + "|" + r.getAreaCode() + "|" + r.getPeriod();
      standing.merge(key, r, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
    }
    Map<String, BigDecimal> totals = new HashMap<>();
    standing.values().forEach(r -> totals.merge(r.getIndicatorId(), r.getValue(), BigDecimal::add));

    assertThat(totals).hasSameSizeAs(batch.expectedTotals());
    batch.expectedTotals().forEach((id, total) -> assertThat(totals.get(id)).as(id).isEqualByComparingTo(total));
  }

  @Test
  void shouldPutEveryIndicatorAtAboutHalfItsAnnualTargetByJune() {
    DemoBatch batch = DemoBatch.generate(2024);
    for (DemoBatch.Target target : DemoBatch.TARGETS) {
      double share = batch.expectedTotals().get(target.indicatorId()).doubleValue() / target.annualTarget();
      assertThat(share).as(target.indicatorId()).isBetween(0.35, 0.7);
    }
  }

  @Test
  void shouldContainOneResentReportAndOneCorrection() {
    DemoBatch batch = DemoBatch.generate(2024);
    assertThat(batch.reports().stream().map(ProgressReport::getEventId).distinct().count())
        .isEqualTo(batch.reports().size() - 1);
    assertThat(batch.reports().stream().filter(r -> r.getRevision() == 2).count()).isEqualTo(1);
  }
}
