package cn.gov.yuhuan.qyx.catalog.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusRulesTest {
  private static final Catalog PLAN = Catalog.load(Path.of("data"));
  private static final IndicatorDefinition AED = PLAN.indicator("health.aed_installed").orElseThrow();   // 187 台, MONTHLY, 10 grace days
  private static final IndicatorDefinition UNEMPLOYMENT = PLAN.indicator("employment.urban_unemployment_rate").orElseThrow(); // ≤ 5 %, QUARTERLY, 15
  private static final IndicatorDefinition STANDARD = PLAN.indicator("integration.public_service_standard").orElseThrow();  // MILESTONE, ONCE
  private static final LocalDate JULY_5 = LocalDate.of(2024, 7, 5);   // June closed on the 30th; its report is due by 10 July
  private static final LocalDate MAY_31 = LocalDate.of(2024, 5, 31);
  private static final LocalDate JUNE_30 = LocalDate.of(2024, 6, 30);

  private final StatusRules rules = new StatusRules(BigDecimal.valueOf(5), BigDecimal.valueOf(15));

  @Test
  void shouldBeOnTrackWithinFivePointsOfTheTrajectory() {
    // 5 July: expected 187 × 187/366 = 95.5437; 88 is 3.99 points of 187 behind.
    var evaluation = rules.evaluate(AED, Optional.of(new BigDecimal("88")), Optional.of(JUNE_30), JULY_5);

    assertThat(evaluation.expected()).isEqualByComparingTo("95.5437");
    assertThat(evaluation.gap()).isEqualByComparingTo("4.0341");
    assertThat(evaluation.status()).isEqualTo(Status.ON_TRACK);
  }

  @Test
  void shouldBeAtRiskBetweenFiveAndFifteenPointsBehind() {
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("80")), Optional.of(JUNE_30), JULY_5).status()).isEqualTo(Status.AT_RISK);
  }

  @Test
  void shouldBeLaggingMoreThanFifteenPointsBehind() {
    var evaluation = rules.evaluate(AED, Optional.of(new BigDecimal("60")), Optional.of(JUNE_30), JULY_5);   // 19 points behind

    assertThat(evaluation.status()).isEqualTo(Status.LAGGING);
    assertThat(evaluation.gap()).isEqualByComparingTo("19.0073");
  }

  @Test
  void shouldFallBehindByTimePassingAlone() {
    BigDecimal sameActual = new BigDecimal("80");
    assertThat(rules.evaluate(AED, Optional.of(sameActual), Optional.of(JUNE_30), JULY_5).status()).isEqualTo(Status.AT_RISK);
    // Three weeks later, nothing new: July's report is not due yet, but the trajectory moved on.
    assertThat(rules.evaluate(AED, Optional.of(sameActual), Optional.of(JUNE_30), LocalDate.of(2024, 7, 31)).status())
        .isEqualTo(Status.LAGGING);
  }

  @Test
  void shouldBeAchievedOnceTheTargetIsMetWhateverTheDate() {
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("187")), Optional.of(MAY_31), JULY_5).status()).isEqualTo(Status.ACHIEVED);
  }

  @Test
  void shouldBeOverdueWhenAClosedPeriodsReportHasNotArrivedWithinItsGraceDays() {
    // Latest report is May; June's was due by 10 July.
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("90")), Optional.of(MAY_31), LocalDate.of(2024, 7, 10)).status())
        .isEqualTo(Status.ON_TRACK);
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("90")), Optional.of(MAY_31), LocalDate.of(2024, 7, 11)).status())
        .isEqualTo(Status.OVERDUE);
  }

  @Test
  void shouldCallNothingReportedOverdueOnceAReportIsDueAndNoDataBefore() {
    assertThat(rules.evaluate(AED, Optional.empty(), Optional.empty(), LocalDate.of(2024, 2, 10)).status()).isEqualTo(Status.NO_DATA);
    assertThat(rules.evaluate(AED, Optional.empty(), Optional.empty(), LocalDate.of(2024, 2, 11)).status()).isEqualTo(Status.OVERDUE);
  }

  @Test
  void shouldExpectACeilingToHoldAllYearAndMeasureTheGapAboveIt() {
    LocalDate q2End = LocalDate.of(2024, 6, 30);
    var under = rules.evaluate(UNEMPLOYMENT, Optional.of(new BigDecimal("4.6")), Optional.of(q2End), JULY_5);
    assertThat(under.expected()).isEqualByComparingTo("5");
    assertThat(under.gap()).isEqualByComparingTo("-8");    // (4.6 − 5) / 5: 8 points of room
    var above = rules.evaluate(UNEMPLOYMENT, Optional.of(new BigDecimal("5.5")), Optional.of(q2End), JULY_5);
    assertThat(above.gap()).isEqualByComparingTo("10");    // (5.5 − 5) / 5: 10 points over
    assertThat(above.lagging()).as("a ceiling is breached, never lagging").isFalse();
  }

  @Test
  void shouldBreachACeilingAndStayOnTrackUnderIt() {
    LocalDate q2End = LocalDate.of(2024, 6, 30);
    assertThat(rules.evaluate(UNEMPLOYMENT, Optional.of(new BigDecimal("5.5")), Optional.of(q2End), JULY_5).status()).isEqualTo(Status.BREACHED);
    assertThat(rules.evaluate(UNEMPLOYMENT, Optional.of(new BigDecimal("4.2")), Optional.of(q2End), JULY_5).status()).isEqualTo(Status.ON_TRACK);
  }

  @Test
  void shouldNotCallAMilestoneDoneEarlyOverdueAfterItsDeadline() {
    var doneInMay = rules.evaluate(STANDARD, Optional.of(BigDecimal.ONE), Optional.of(LocalDate.of(2024, 5, 17)), LocalDate.of(2025, 2, 1));
    assertThat(doneInMay.overdue()).isFalse();
    assertThat(doneInMay.status()).isEqualTo(Status.ACHIEVED);
    var neverReported = rules.evaluate(STANDARD, Optional.empty(), Optional.empty(), LocalDate.of(2025, 2, 1));
    assertThat(neverReported.status()).isEqualTo(Status.OVERDUE);
  }

  @Test
  void shouldNotExpectAMilestoneReportBeforeItsDeadline() {
    assertThat(rules.evaluate(STANDARD, Optional.empty(), Optional.empty(), LocalDate.of(2024, 11, 30)).status()).isEqualTo(Status.NO_DATA);
    assertThat(rules.evaluate(STANDARD, Optional.empty(), Optional.empty(), LocalDate.of(2025, 2, 1)).status()).isEqualTo(Status.OVERDUE);
  }

  @Test
  void shouldRefuseThresholdsInTheWrongOrder() {
    assertThatThrownBy(() -> new StatusRules(BigDecimal.valueOf(20), BigDecimal.valueOf(15)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed");
  }
}
