package cn.gov.yuhuan.qyx.catalog.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.TrajectoryKind;
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
  private static final IndicatorDefinition HR_AGENCIES = PLAN.indicator("employment.hr_service_agencies").orElseThrow();   // 超80家: MORE_THAN, a LEVEL with no start: YEAR_END
  private static final IndicatorDefinition ZONES = PLAN.indicator("elderly.zoned_chain_operation").orElseThrow();           // 2-5个片区: BETWEEN
  private static final LocalDate DEC_31 = LocalDate.of(2024, 12, 31);
  private static final IndicatorDefinition STANDARD = PLAN.indicator("integration.public_service_standard").orElseThrow();  // MILESTONE, one step, AT_DEADLINE
  private static final IndicatorDefinition DISABLED_JOBS = PLAN.indicator("assistance.disabled_employment_new").orElseThrow(); // 88 人, CITY, MONTHLY
  private static final LocalDate JULY_5 = LocalDate.of(2024, 7, 5);   // June closed on the 30th; its report is due by 10 July
  private static final LocalDate MAY_31 = LocalDate.of(2024, 5, 31);
  private static final LocalDate JUNE_30 = LocalDate.of(2024, 6, 30);

  private final StatusRules rules = new StatusRules(BigDecimal.valueOf(5), BigDecimal.valueOf(15));

  @Test
  void shouldBeOnTrackWithinFivePointsOfTheTrajectory() {
    // 5 July, June reported: expected by 30 June 187 × 182/366 = 92.9891; 88 is 2.67 points of 187 behind.
    var evaluation = rules.evaluate(AED, Optional.of(new BigDecimal("88")), Optional.of(JUNE_30), JULY_5);

    assertThat(evaluation.expected()).isEqualByComparingTo("92.9891");
    assertThat(evaluation.gap()).isEqualByComparingTo("2.6680");
    assertThat(evaluation.status()).isEqualTo(Status.ON_TRACK);
  }

  @Test
  void shouldBeAtRiskBetweenFiveAndFifteenPointsBehind() {
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("80")), Optional.of(JUNE_30), JULY_5).status()).isEqualTo(Status.AT_RISK);
  }

  @Test
  void shouldBeLaggingMoreThanFifteenPointsBehind() {
    var evaluation = rules.evaluate(AED, Optional.of(new BigDecimal("60")), Optional.of(JUNE_30), JULY_5);   // (92.9891 − 60) / 187

    assertThat(evaluation.status()).isEqualTo(Status.LAGGING);
    assertThat(evaluation.gap()).isEqualByComparingTo("17.6412");
  }

  @Test
  void shouldCompareTheActualWithTheShareOfTheYearGoneByTheEndOfThePeriodItCovers() {
    BigDecimal sameActual = new BigDecimal("80");
    var july5 = rules.evaluate(AED, Optional.of(sameActual), Optional.of(JUNE_30), JULY_5);
    assertThat(july5.expected()).isEqualByComparingTo("92.9891");             // by 30 June, not by 5 July (95.5437)
    assertThat(july5.status()).isEqualTo(Status.AT_RISK);                      // 6.95 points behind
    // 31 July, nothing new: July's figure is not due before 10 August, so nothing counts against it yet.
    var july31 = rules.evaluate(AED, Optional.of(sameActual), Optional.of(JUNE_30), LocalDate.of(2024, 7, 31));
    assertThat(july31.expected()).isEqualByComparingTo("92.9891");
    assertThat(july31.status()).isEqualTo(Status.AT_RISK);
  }

  @Test
  void shouldFallBehindWhenTheNextPeriodComesInWithoutProgress() {
    // July reported on 9 August with nothing new: expected by 31 July 187 × 213/366 = 108.8279, 15.41 points behind.
    var august = rules.evaluate(AED, Optional.of(new BigDecimal("80")), Optional.of(LocalDate.of(2024, 7, 31)), LocalDate.of(2024, 8, 9));
    assertThat(august.expected()).isEqualByComparingTo("108.8279");
    assertThat(august.status()).isEqualTo(Status.LAGGING);
    assertThat(august.lagging()).isTrue();
  }

  @Test
  void shouldReadTheExpectedValueAtTheLastPeriodDueWhenItsReportIsMissing() {
    // Latest report May; on 11 July June's is overdue, and the gap is read at 30 June, not at 31 May.
    var july11 = rules.evaluate(AED, Optional.of(new BigDecimal("60")), Optional.of(MAY_31), LocalDate.of(2024, 7, 11));
    assertThat(july11.expected()).isEqualByComparingTo("92.9891");
    assertThat(july11.status()).isEqualTo(Status.OVERDUE);
    assertThat(july11.lagging()).as("the lag the missing report causes, which OVERDUE inhibits").isTrue();
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
  void shouldBreachAFloorHeldAllYearTheDayItIsCrossedWhateverTheSeason() {
    // 入学安置率达到99%以上 is a line: 96% on 16 April is under it, not "3 points behind a spring ramp".
    LocalDate q1End = LocalDate.of(2024, 3, 31);
    LocalDate april16 = LocalDate.of(2024, 4, 16);
    var spring = rules.evaluate(PLACEMENT, Optional.of(new BigDecimal("96")), Optional.of(q1End), april16);
    assertThat(spring.expected()).isEqualByComparingTo("99");
    assertThat(spring.gap()).isEqualByComparingTo("3.0303");   // (99 − 96) / 99
    assertThat(spring.status()).isEqualTo(Status.BREACHED);
    assertThat(spring.lagging()).as("a line is breached, never lagging").isFalse();
    assertThat(rules.evaluate(PLACEMENT, Optional.of(new BigDecimal("98.99")), Optional.of(q1End), april16).status())
        .as("a hundredth under the line").isEqualTo(Status.BREACHED);
    assertThat(rules.evaluate(PLACEMENT, Optional.of(new BigDecimal("99")), Optional.of(q1End), april16).status())
        .as("on the line: kept so far, and can still be lost").isEqualTo(Status.ON_TRACK);
    assertThat(rules.evaluate(PLACEMENT, Optional.of(new BigDecimal("96")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.MISSED);
    assertThat(rules.evaluate(PLACEMENT, Optional.of(new BigDecimal("99.5")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.ACHIEVED);
  }

  @Test
  void shouldHoldAFloorOfAnAnnualFigureFromItsReport() {
    // 分配生招生比例不低于60%: one figure a year (ANNUAL), a line; 58% reported in September is under it.
    IndicatorDefinition allocated = PLAN.indicator("education.allocated_enrolment_share").orElseThrow();
    var september = rules.evaluate(allocated, Optional.of(new BigDecimal("58")), Optional.of(DEC_31), LocalDate.of(2024, 9, 20));
    assertThat(september.status()).isEqualTo(Status.BREACHED);
    assertThat(rules.evaluate(allocated, Optional.of(new BigDecimal("61")), Optional.of(DEC_31), LocalDate.of(2024, 9, 20)).status())
        .isEqualTo(Status.ON_TRACK);
    assertThat(rules.evaluate(allocated, Optional.empty(), Optional.empty(), LocalDate.of(2024, 9, 20)).status())
        .as("nothing reported is not a breach").isEqualTo(Status.NO_DATA);
  }

  @Test
  void shouldNotExpectABatchBeforeItsStepAndDecideAtTheDeadline() {
    var autumn = rules.evaluate(SELECTED, Optional.of(BigDecimal.ZERO), Optional.of(LocalDate.of(2024, 9, 30)), LocalDate.of(2024, 10, 5));
    assertThat(autumn.expected()).isEqualByComparingTo("0");
    assertThat(autumn.status()).isEqualTo(Status.ON_TRACK);
    assertThat(rules.evaluate(SELECTED, Optional.of(new BigDecimal("180")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.ACHIEVED);
    assertThat(rules.evaluate(SELECTED, Optional.of(new BigDecimal("170")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.MISSED);
    var december31 = rules.evaluate(SELECTED, Optional.of(new BigDecimal("170")), Optional.of(LocalDate.of(2024, 11, 30)), DEC_31);
    assertThat(december31.expected()).as("from the deadline on the whole target, though December is still to come").isEqualByComparingTo("180");
  }

  @Test
  void shouldMeetAMoreThanTargetOnlyAboveIt() {
    assertThat(rules.evaluate(HR_AGENCIES, Optional.of(new BigDecimal("80")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.MISSED);
    assertThat(rules.evaluate(HR_AGENCIES, Optional.of(new BigDecimal("81")), Optional.of(DEC_31), DEC_31).status()).isEqualTo(Status.ACHIEVED);
  }

  @Test
  void shouldJudgeALevelWithNoStartAsAYearFigureNotAsARampFromZero() {
    // 人力资源服务机构数超80家: agencies exist before January and the catalog has no baseline or 2023 row.
    // A ramp from 0 would expect 33.3 on 31 May and call 50 "ahead"; as a year figure 50 is short of 80: a warning.
    LocalDate may = LocalDate.of(2024, 5, 31);
    var june = rules.evaluate(HR_AGENCIES, Optional.of(new BigDecimal("50")), Optional.of(may), LocalDate.of(2024, 6, 5));
    assertThat(june.expected()).isEqualByComparingTo("80");
    assertThat(june.status()).isEqualTo(Status.AT_RISK);
    assertThat(june.lagging()).as("never LAGGING before the deadline").isFalse();
    assertThat(rules.evaluate(HR_AGENCIES, Optional.of(new BigDecimal("85")), Optional.of(may), LocalDate.of(2024, 6, 5)).status())
        .as("above it so far, and it can still be lost").isEqualTo(Status.ON_TRACK);
  }

  @Test
  void shouldRampALevelFromThePreviousPlanYearsFinalActual() {
    // The row as a later plan would write it, ramping (LINEAR), with 70 agencies at the end of the year
    // before: by 31 May, 70 + (80 − 70) × 152/366 = 74.1530.
    IndicatorDefinition ramped = IndicatorDefinition.newBuilder(HR_AGENCIES).setTrajectory(TrajectoryKind.LINEAR).build();
    LocalDate may = LocalDate.of(2024, 5, 31);
    var june = rules.evaluate(ramped, Optional.of(new BigDecimal("70")), Optional.of(new BigDecimal("72")), Optional.of(may),
        LocalDate.of(2024, 6, 5));
    assertThat(june.expected()).isEqualByComparingTo("74.1530");
    assertThat(june.gap()).isEqualByComparingTo("2.6913");     // (74.1530 − 72) / 80
    assertThat(june.status()).isEqualTo(Status.ON_TRACK);
    assertThat(rules.evaluate(ramped, Optional.of(new BigDecimal("72")), Optional.of(may), LocalDate.of(2024, 6, 5)).expected())
        .as("without the year before: a year figure").isEqualByComparingTo("80");
    var stalled = rules.evaluate(ramped, Optional.of(new BigDecimal("70")), Optional.of(new BigDecimal("70")),
        Optional.of(LocalDate.of(2024, 11, 30)), LocalDate.of(2024, 12, 5));
    assertThat(stalled.status()).as("no agency added by November: 9.2 of 10 steps behind, 11.5 points of 80").isEqualTo(Status.AT_RISK);
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
    assertThat(deployedInSpring.expected()).as("the line is at 0.3-0.9 stages: no whole stage due yet").isEqualByComparingTo("0");
    assertThat(deployedInSpring.status()).isEqualTo(Status.ON_TRACK);
    // 19 November: the line is at 0.6 + 0.4 × 50/92 = 0.8174 of 3, 2.45 stages; two whole stages are due, and two are reached.
    var november = rules.evaluate(contracts, Optional.of(BigDecimal.valueOf(2)), Optional.of(LocalDate.of(2024, 9, 2)), LocalDate.of(2024, 11, 19));
    assertThat(november.expected()).isEqualByComparingTo("2");
    assertThat(november.status()).isEqualTo(Status.ON_TRACK);
    var oneInNovember = rules.evaluate(contracts, Optional.of(BigDecimal.ONE), Optional.of(LocalDate.of(2024, 4, 2)), LocalDate.of(2024, 11, 19));
    assertThat(oneInNovember.status()).as("a whole stage behind is a third of the target").isEqualTo(Status.LAGGING);
    var twoOfThree = rules.evaluate(contracts, Optional.of(BigDecimal.valueOf(2)), Optional.of(LocalDate.of(2024, 11, 3)), DEC_31);
    assertThat(twoOfThree.status()).as("two stages of three on the deadline").isEqualTo(Status.MISSED);
    var all = rules.evaluate(contracts, Optional.of(BigDecimal.valueOf(3)), Optional.of(LocalDate.of(2024, 12, 20)), DEC_31);
    assertThat(all.status()).isEqualTo(Status.ACHIEVED);
  }

  @Test
  void shouldExpectAOneStepMilestoneOnlyAtItsDeadline() {
    // 迭代出台《玉环市基本公共服务标准(2023版)》: an honest "not yet" is on track all year, never behind in April.
    for (LocalDate day : List.of(LocalDate.of(2024, 2, 15), LocalDate.of(2024, 4, 24), LocalDate.of(2024, 7, 1), LocalDate.of(2024, 12, 30))) {
      var notYet = rules.evaluate(STANDARD, Optional.of(BigDecimal.ZERO), Optional.of(day), day);
      assertThat(notYet.expected()).as("expected on %s", day).isEqualByComparingTo("0");
      assertThat(notYet.status()).as("not yet on %s", day).isEqualTo(Status.ON_TRACK);
      assertThat(notYet.lagging()).isFalse();
    }
    var notDone = rules.evaluate(STANDARD, Optional.of(BigDecimal.ZERO), Optional.of(LocalDate.of(2024, 12, 20)), DEC_31);
    assertThat(notDone.expected()).isEqualByComparingTo("1");
    assertThat(notDone.status()).isEqualTo(Status.MISSED);
    assertThat(notDone.missed()).as("a city milestone's last report is in").isFalse();
    assertThat(rules.evaluate(STANDARD, Optional.of(BigDecimal.ZERO), Optional.of(LocalDate.of(2024, 12, 20)), LocalDate.of(2025, 1, 31))
        .missed()).as("its grace days gone").isTrue();
  }

  @Test
  void shouldNotExpectAMilestoneReportBeforeItsDeadline() {
    var november = rules.evaluate(STANDARD, Optional.empty(), Optional.empty(), LocalDate.of(2024, 11, 30));
    assertThat(november.status()).isEqualTo(Status.NO_DATA);
    assertThat(november.overdue()).isFalse();
  }

  @Test
  void shouldCallAMissedCityTargetFinalOnceItsLastReportIsInOrItsGraceIsGone() {
    // A monthly city count on 31 December: December's figure is due by 10 January.
    var waiting = rules.evaluate(DISABLED_JOBS, Optional.of(new BigDecimal("80")), Optional.of(LocalDate.of(2024, 11, 30)), DEC_31);
    assertThat(waiting.status()).isEqualTo(Status.MISSED);
    assertThat(waiting.missed()).as("December's report may still make it").isFalse();
    assertThat(rules.evaluate(DISABLED_JOBS, Optional.of(new BigDecimal("80")), Optional.of(DEC_31), DEC_31).missed()).isTrue();
    assertThat(rules.evaluate(DISABLED_JOBS, Optional.of(new BigDecimal("80")), Optional.of(LocalDate.of(2024, 11, 30)), LocalDate.of(2025, 1, 11))
        .missed()).isTrue();
  }

  @Test
  void shouldWaitForEveryTownshipsLastReportUntilTheGraceDaysAreGone() {
    // AED is reported by ten townships: the first township's December figure says nothing of the other nine.
    var firstIn = rules.evaluate(AED, Optional.of(new BigDecimal("170")), Optional.of(DEC_31), LocalDate.of(2025, 1, 3));
    assertThat(firstIn.status()).isEqualTo(Status.MISSED);
    assertThat(firstIn.missed()).isFalse();
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("170")), Optional.of(DEC_31), LocalDate.of(2025, 1, 10)).missed()).isFalse();
    assertThat(rules.evaluate(AED, Optional.of(new BigDecimal("170")), Optional.of(DEC_31), LocalDate.of(2025, 1, 11)).missed()).isTrue();
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

  private static final IndicatorDefinition PLACES = PLAN.indicator("childcare.childcare_place_utilisation").orElseThrow();   // 努力提升: more is better
  private static final IndicatorDefinition POVERTY = PLAN.indicator("assistance.illness_poverty_stock").orElseThrow();       // 减少: less is better

  @Test
  void shouldJudgeAMonitoredGoalByItsTrendNeverByATarget() {
    LocalDate q2End = LocalDate.of(2024, 6, 30);
    LocalDate july = LocalDate.of(2024, 7, 5);
    var up = rules.evaluateTrend(PLACES, Optional.of(new BigDecimal("63")), Optional.of(q2End), Optional.of(new BigDecimal("60")),
        Optional.empty(), july);
    assertThat(up.status()).as("63% after 60%").isEqualTo(Status.IMPROVING);
    assertThat(up.expected()).as("what it is compared with").isEqualByComparingTo("60");
    assertThat(up.gap()).isNull();
    assertThat(rules.evaluateTrend(PLACES, Optional.of(new BigDecimal("60.5")), Optional.of(q2End), Optional.of(new BigDecimal("60")),
        Optional.empty(), july).status()).as("within 1%% of 60").isEqualTo(Status.FLAT);
    assertThat(rules.evaluateTrend(PLACES, Optional.of(new BigDecimal("58")), Optional.of(q2End), Optional.of(new BigDecimal("60")),
        Optional.empty(), july).status()).isEqualTo(Status.WORSENING);
    assertThat(rules.evaluateTrend(POVERTY, Optional.of(new BigDecimal("380")), Optional.of(q2End), Optional.of(new BigDecimal("400")),
        Optional.empty(), july).status()).as("减少: fewer is better").isEqualTo(Status.IMPROVING);
    assertThat(rules.evaluateTrend(PLACES, Optional.of(new BigDecimal("58")), Optional.of(q2End), Optional.empty(),
        Optional.of(new BigDecimal("50")), july).status()).as("with no period before, against a year before").isEqualTo(Status.IMPROVING);
    assertThat(rules.evaluateTrend(PLACES, Optional.of(new BigDecimal("58")), Optional.of(q2End), Optional.empty(), Optional.empty(), july)
        .status()).as("nothing to compare yet").isEqualTo(Status.FLAT);
  }

  @Test
  void shouldOweAMonitoredGoalsReportsAndNeverCallItAchievedOrMissed() {
    var overdue = rules.evaluateTrend(PLACES, Optional.of(new BigDecimal("60")), Optional.of(LocalDate.of(2024, 3, 31)), Optional.empty(),
        Optional.empty(), LocalDate.of(2024, 7, 16));
    assertThat(overdue.status()).as("Q2's report was due by 15 July").isEqualTo(Status.OVERDUE);
    assertThat(overdue.overdue()).isTrue();
    var december = rules.evaluateTrend(PLACES, Optional.of(new BigDecimal("70")), Optional.of(DEC_31), Optional.of(new BigDecimal("65")),
        Optional.empty(), DEC_31);
    assertThat(december.status()).as("the deadline sets no line for it").isEqualTo(Status.IMPROVING);
    assertThat(december.missed()).isFalse();
    assertThat(december.lagging()).isFalse();
  }

  @Test
  void shouldRefuseThresholdsInTheWrongOrder() {
    assertThatThrownBy(() -> new StatusRules(BigDecimal.valueOf(20), BigDecimal.valueOf(15)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed");
  }
}
