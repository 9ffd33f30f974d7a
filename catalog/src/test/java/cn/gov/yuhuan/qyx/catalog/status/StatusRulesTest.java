package cn.gov.yuhuan.qyx.catalog.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusRulesTest {
  private static final Catalog PLAN = Catalog.load(Path.of("data"));
  private static final IndicatorDefinition AED = PLAN.indicator("health.aed_installed").orElseThrow();   // 187 台, MONTHLY, 10 grace days
  private static final IndicatorDefinition UNEMPLOYMENT = PLAN.indicator("employment.urban_unemployment_rate").orElseThrow(); // ≤ 5 % for the year, YEAR_END
  private static final IndicatorDefinition HOME_TEACHING = PLAN.indicator("education.home_teaching_share").orElseThrow();   // ≤ 6 %, HOLD
  private static final IndicatorDefinition PLACEMENT = PLAN.indicator("education.disabled_placement_compulsory").orElseThrow(); // ≥ 99 %, HOLD
  private static final IndicatorDefinition SELECTED = PLAN.indicator("education.new_star_teachers_selected").orElseThrow(); // 180, STEPS Q4=1
  private static final IndicatorDefinition HR_AGENCIES = PLAN.indicator("employment.hr_service_agencies").orElseThrow();   // 超80家: MORE_THAN
  private static final IndicatorDefinition ZONES = PLAN.indicator("elderly.zoned_chain_operation").orElseThrow();           // 2-5个片区: BETWEEN
  private static final LocalDate DEC_31 = LocalDate.of(2024, 12, 31);
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
    var under = rules.evaluate(HOME_TEACHING, Optional.of(new BigDecimal("4.8")), Optional.of(q2End), JULY_5);
    assertThat(under.expected()).isEqualByComparingTo("6");
    assertThat(under.gap()).isEqualByComparingTo("-20");   // (4.8 − 6) / 6: 20 points of room
    var above = rules.evaluate(HOME_TEACHING, Optional.of(new BigDecimal("6.6")), Optional.of(q2End), JULY_5);
    assertThat(above.gap()).isEqualByComparingTo("10");    // (6.6 − 6) / 6: 10 points over
    assertThat(above.lagging()).as("a ceiling is breached, never lagging").isFalse();
  }

  @Test
  void shouldBreachACeilingHeldAllYearAndStayOnTrackUnderItUntilTheDeadline() {
    LocalDate q2End = LocalDate.of(2024, 6, 30);
    assertThat(rules.evaluate(HOME_TEACHING, Optional.of(new BigDecimal("6.6")), Optional.of(q2End), JULY_5).status()).isEqualTo(Status.BREACHED);
    assertThat(rules.evaluate(HOME_TEACHING, Optional.of(new BigDecimal("4.2")), Optional.of(q2End), JULY_5).status()).isEqualTo(Status.ON_TRACK);
    assertThat(rules.evaluate(HOME_TEACHING, Optional.of(new BigDecimal("4.2")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.ACHIEVED);
  }

  @Test
  void shouldShowAYearFiguresInterimValueWithoutBreachingAndJudgeItAtTheDeadline() {
    LocalDate q2End = LocalDate.of(2024, 6, 30);
    var spring = rules.evaluate(UNEMPLOYMENT, Optional.of(new BigDecimal("5.2")), Optional.of(q2End), JULY_5);
    assertThat(spring.status()).as("one quarter above 5%% is a warning, not a breach of the year's figure").isEqualTo(Status.AT_RISK);
    assertThat(spring.lagging()).isFalse();
    assertThat(rules.evaluate(UNEMPLOYMENT, Optional.of(new BigDecimal("4.8")), Optional.of(q2End), JULY_5).status()).isEqualTo(Status.ON_TRACK);
    assertThat(rules.evaluate(UNEMPLOYMENT, Optional.of(new BigDecimal("5.2")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.MISSED);
    assertThat(rules.evaluate(UNEMPLOYMENT, Optional.of(new BigDecimal("4.9")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.ACHIEVED);
  }

  @Test
  void shouldJudgeAFloorHeldAllYearAgainstTheWholeTargetFromTheFirstDay() {
    // 96% against 保持99%以上: ON_TRACK all year on a ramp from 0; against the floor it lags in spring.
    var spring = rules.evaluate(PLACEMENT, Optional.of(new BigDecimal("96")), Optional.of(LocalDate.of(2024, 3, 31)), LocalDate.of(2024, 4, 16));
    assertThat(spring.expected()).isEqualByComparingTo("99");
    assertThat(spring.gap()).isEqualByComparingTo("3.0303");   // (99 − 96) / 99
    assertThat(spring.status()).isEqualTo(Status.ON_TRACK);
    var lower = rules.evaluate(PLACEMENT, Optional.of(new BigDecimal("80")), Optional.of(LocalDate.of(2024, 3, 31)), LocalDate.of(2024, 4, 16));
    assertThat(lower.status()).isEqualTo(Status.LAGGING);
    assertThat(rules.evaluate(PLACEMENT, Optional.of(new BigDecimal("96")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.MISSED);
  }

  @Test
  void shouldNotExpectABatchBeforeItsStepAndDecideAtTheDeadline() {
    var autumn = rules.evaluate(SELECTED, Optional.of(BigDecimal.ZERO), Optional.of(LocalDate.of(2024, 9, 30)), LocalDate.of(2024, 10, 5));
    assertThat(autumn.expected()).isEqualByComparingTo("0");
    assertThat(autumn.status()).isEqualTo(Status.ON_TRACK);
    assertThat(rules.evaluate(SELECTED, Optional.of(new BigDecimal("180")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.ACHIEVED);
    assertThat(rules.evaluate(SELECTED, Optional.of(new BigDecimal("170")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.MISSED);
  }

  @Test
  void shouldMeetAMoreThanTargetOnlyAboveIt() {
    LocalDate may = LocalDate.of(2024, 5, 31);
    assertThat(rules.evaluate(HR_AGENCIES, Optional.of(new BigDecimal("80")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.MISSED);
    assertThat(rules.evaluate(HR_AGENCIES, Optional.of(new BigDecimal("81")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.ACHIEVED);
    assertThat(rules.evaluate(HR_AGENCIES, Optional.of(new BigDecimal("50")), Optional.of(may), LocalDate.of(2024, 6, 5)).status())
        .isEqualTo(Status.ON_TRACK);   // 5/12 of the year: 33.5 expected, 50 is ahead
  }

  @Test
  void shouldMeetARangeAnywhereBetweenItsEnds() {
    LocalDate q4 = DEC_31;
    assertThat(rules.evaluate(ZONES, Optional.of(new BigDecimal("1")), Optional.of(q4), q4).status()).isEqualTo(Status.MISSED);
    assertThat(rules.evaluate(ZONES, Optional.of(new BigDecimal("2")), Optional.of(q4), q4).status()).isEqualTo(Status.ACHIEVED);
    assertThat(rules.evaluate(ZONES, Optional.of(new BigDecimal("5")), Optional.of(q4), q4).status()).isEqualTo(Status.ACHIEVED);
    assertThat(rules.evaluate(ZONES, Optional.of(new BigDecimal("6")), Optional.of(q4), q4).status()).isEqualTo(Status.MISSED);
    var spring = rules.evaluate(ZONES, Optional.of(new BigDecimal("1")), Optional.of(LocalDate.of(2024, 3, 31)), LocalDate.of(2024, 4, 16));
    assertThat(spring.status()).as("a year figure: at most a warning before the deadline").isEqualTo(Status.AT_RISK);
  }

  @Test
  void shouldCallAMilestoneDoneEarlyAchievedAndANeverReportedOneMissedAfterItsDeadline() {
    var doneInMay = rules.evaluate(STANDARD, Optional.of(BigDecimal.ONE), Optional.of(LocalDate.of(2024, 5, 17)), LocalDate.of(2025, 2, 1));
    assertThat(doneInMay.overdue()).isFalse();
    assertThat(doneInMay.status()).isEqualTo(Status.ACHIEVED);
    var neverReported = rules.evaluate(STANDARD, Optional.empty(), Optional.empty(), LocalDate.of(2025, 2, 1));
    assertThat(neverReported.status()).isEqualTo(Status.MISSED);
    assertThat(neverReported.overdue()).as("its report is still owed").isTrue();
  }

  @Test
  void shouldJudgeAStagedDeliverableByTheStagesReachedInSpringAndAllOfThemAtTheDeadline() {
    // 全面推广电子劳动合同: 部署;推广;全面应用, quarter-end shares 0.1, 0.3, 0.6, 1 of 3 stages.
    IndicatorDefinition contracts = PLAN.indicator("employment.electronic_labour_contracts").orElseThrow();
    LocalDate may20 = LocalDate.of(2024, 5, 20);
    var deployedInSpring = rules.evaluate(contracts, Optional.of(BigDecimal.ONE), Optional.of(LocalDate.of(2024, 4, 2)), may20);
    assertThat(deployedInSpring.expected()).as("between 0.3 stages at Q1 end and 0.9 at Q2 end").isBetween(new BigDecimal("0.3"), new BigDecimal("0.9"));
    assertThat(deployedInSpring.status()).isEqualTo(Status.ON_TRACK);
    var twoOfThree = rules.evaluate(contracts, Optional.of(BigDecimal.valueOf(2)), Optional.of(LocalDate.of(2024, 11, 3)), DEC_31);
    assertThat(twoOfThree.status()).as("two stages of three on the deadline").isEqualTo(Status.MISSED);
    var all = rules.evaluate(contracts, Optional.of(BigDecimal.valueOf(3)), Optional.of(LocalDate.of(2024, 12, 20)), DEC_31);
    assertThat(all.status()).isEqualTo(Status.ACHIEVED);
  }

  @Test
  void shouldNotExpectAMilestoneReportBeforeItsDeadline() {
    var november = rules.evaluate(STANDARD, Optional.empty(), Optional.empty(), LocalDate.of(2024, 11, 30));
    assertThat(november.status()).isEqualTo(Status.NO_DATA);
    assertThat(november.overdue()).isFalse();
  }

  @Test
  void shouldCallAMissedTargetFinalOnlyOnceTheLastReportIsInOrItsGraceIsGone() {
    // A monthly count on 31 December: December's figure is due by 10 January.
    var waiting = rules.evaluate(AED, Optional.of(new BigDecimal("170")), Optional.of(LocalDate.of(2024, 11, 30)), DEC_31);
    assertThat(waiting.status()).isEqualTo(Status.MISSED);
    assertThat(waiting.missed()).as("December's report may still make it").isFalse();
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("170")), Optional.of(DEC_31), DEC_31).missed()).isTrue();
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("170")), Optional.of(LocalDate.of(2024, 11, 30)), LocalDate.of(2025, 1, 11))
        .missed()).isTrue();
  }

  @Test
  void shouldNeverBeOnTrackOrAtRiskFromTheDeadlineOn() {
    for (String actual : List.of("0", "100", "186", "187", "200")) {
      Status status = rules.evaluate(AED, Optional.of(new BigDecimal(actual)), Optional.of(DEC_31), DEC_31).status();
      assertThat(status).as("AED at %s on the deadline", actual).isIn(Status.ACHIEVED, Status.MISSED);
    }
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("186")), Optional.of(DEC_31), LocalDate.of(2025, 1, 5)).status())
        .isEqualTo(Status.MISSED);
  }

  @Test
  void shouldRefuseThresholdsInTheWrongOrder() {
    assertThatThrownBy(() -> new StatusRules(BigDecimal.valueOf(20), BigDecimal.valueOf(15)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed");
  }
}
