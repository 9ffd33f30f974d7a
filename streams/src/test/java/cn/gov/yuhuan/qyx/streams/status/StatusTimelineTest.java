package cn.gov.yuhuan.qyx.streams.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timelines of reports and ticks with the statuses and alerts each step must cause
 * (docs/design.md, "Status" and "Alerts"). Figures: AED is a COUNT of 187 台 over 2024 (366 days),
 * monthly, 10 grace days, reported here by one township; it is judged through the end of the
 * latest month due or reported, so with day d of the year that month's last 时序进度 expects
 * 187 × d / 366 (31 January 15.8388, 29 February 30.6557, 31 March 46.4945); before any month is
 * due (10 February), nothing. LAGGING is a gap above 15 points of the target.
 */
class StatusTimelineTest {
  private static final String AED = "health.aed_installed";
  private static final String HEALTH = "市卫生健康局";
  private static final String UNEMPLOYMENT = "employment.urban_unemployment_rate"; // RATIO, AT_MOST 5 % for the year (YEAR_END), quarterly
  private static final String HOME_TEACHING = "education.home_teaching_share";    // RATIO, AT_MOST 6 % held all year (HOLD), quarterly
  private static final String HR = "市人力社保局";

  @TempDir Path stateDir;

  private Timeline timeline(Map<String, Object> settings, String... indicators) {
    return new Timeline(stateDir, settings, indicators);
  }

  private static Reports.Builder aed(String period, String value) {
    return Reports.value(AED, "KANMEN", period, value).reportingUnit(HEALTH);
  }

  private static Reports.Builder unemployment(String quarter, String numerator, String denominator) {
    return Reports.ratio(UNEMPLOYMENT, "CITY", quarter, numerator, denominator).reportingUnit(HR);
  }

  private static Reports.Builder homeTeaching(String quarter, String numerator, String denominator) {
    return Reports.ratio(HOME_TEACHING, "CITY", quarter, numerator, denominator).reportingUnit("市教育局");
  }

  /** January 16 on time, February 0 on time: no progress after January. */
  private static Timeline stalledAfterJanuary(Timeline t) {
    return t.report("2024-02-05", aed("2024-01", "16"))
        .tick("2024-02-05")
        .report("2024-03-05", aed("2024-02", "0"));
  }

  /** March's figure on 5 April, on time: 0 again. */
  private static Timeline marchInWithNothingNew(Timeline t) {
    return t.report("2024-04-05", aed("2024-03", "0"));
  }

  @Test
  void shouldFallBehindAsPeriodsCloseWithoutProgressAndRaiseLaggingOnce() {
    try (Timeline t = timeline(Map.of(), AED)) {
      stalledAfterJanuary(t);
      assertThat(t.status(AED)).isEqualTo("ON_TRACK");   // 2024-02-05: nothing due yet, 0 expected, 16 done
      t.tick("2024-03-05");
      assertThat(t.status(AED)).isEqualTo("AT_RISK");    // through February: 30.6557 expected, 7.84 points behind
      t.tick("2024-04-04");
      assertThat(t.status(AED)).as("March is not due before 10 April").isEqualTo("AT_RISK");
      assertThat(t.newAlerts()).isEmpty();

      marchInWithNothingNew(t).tick("2024-04-05");       // through March: 46.4945 expected, 16.31 points
      assertThat(t.row(AED).getExpected()).isEqualByComparingTo("46.4945");
      assertThat(t.row(AED).getGap()).isEqualByComparingTo("16.3072");
      assertThat(t.status(AED)).isEqualTo("LAGGING");
      assertThat(t.newAlerts()).containsExactly("2024-04-05 LAGGING FIRING notice=RAISED");

      t.tick("2024-04-06").tick("2024-04-15");
      assertThat(t.status(AED)).isEqualTo("LAGGING");
      assertThat(t.newAlerts()).as("never repeated while it fires").isEmpty();
    }
  }

  @Test
  void shouldResolveALagWhenACorrectionArrivesAndTellTheUnitOnce() {
    try (Timeline t = timeline(Map.of(), AED)) {
      marchInWithNothingNew(stalledAfterJanuary(t)).tick("2024-04-05");
      assertThat(t.newAlerts()).containsExactly("2024-04-05 LAGGING FIRING notice=RAISED");

      t.report("2024-04-06", aed("2024-02", "30").correction(2, "漏报补正"));   // 46 of 46.4945
      assertThat(t.status(AED)).as("the status follows the value at once").isEqualTo("ON_TRACK");
      assertThat(t.row(AED).getAsOf()).hasToString("2024-04-05");
      assertThat(t.newAlerts()).as("alerts move on ticks").isEmpty();

      t.tick("2024-04-06");
      assertThat(t.newAlerts()).containsExactly("2024-04-06 LAGGING RESOLVED notice=RESOLVED");
      t.tick("2024-04-07");
      assertThat(t.newAlerts()).isEmpty();
    }
  }

  @Test
  void shouldRaiseBreachedWhenACeilingIsExceededAndResolveItAfterACorrection() {
    try (Timeline t = timeline(Map.of(), HOME_TEACHING)) {
      t.report("2024-04-10", homeTeaching("2024-Q1", "62", "1000")).tick("2024-04-10");   // 6.2 % > 6 %
      assertThat(t.status(HOME_TEACHING)).isEqualTo("BREACHED");
      assertThat(t.newAlerts()).containsExactly("2024-04-10 BREACHED FIRING notice=RAISED");

      t.report("2024-04-12", homeTeaching("2024-Q1", "48", "1000").correction(2, "口径更正")).tick("2024-04-12");
      assertThat(t.status(HOME_TEACHING)).isEqualTo("ON_TRACK");
      assertThat(t.newAlerts()).containsExactly("2024-04-12 BREACHED RESOLVED notice=RESOLVED");
    }
  }

  private static final String PLACEMENT = "education.disabled_placement_compulsory";   // RATIO, 达到99%以上 held all year (HOLD), quarterly
  private static final String STANDARD = "integration.public_service_standard";         // one-step MILESTONE, AT_DEADLINE, 30 grace days

  private static Reports.Builder placement(String quarter, String numerator, String denominator) {
    return Reports.ratio(PLACEMENT, "CITY", quarter, numerator, denominator).reportingUnit("市教育局");
  }

  @Test
  void shouldBreachAFloorHeldAllYearTheDayItIsCrossedAndResolveWhenItIsBack() {
    try (Timeline t = timeline(Map.of(), PLACEMENT)) {
      t.report("2024-04-10", placement("2024-Q1", "496", "500")).tick("2024-04-10");    // 99.2 %: on the right side
      assertThat(t.status(PLACEMENT)).isEqualTo("ON_TRACK");
      t.report("2024-07-10", placement("2024-Q2", "480", "500")).tick("2024-07-10");    // 96 % in July, not "3 points behind a ramp"
      assertThat(t.status(PLACEMENT)).isEqualTo("BREACHED");
      assertThat(t.newAlerts()).containsExactly("2024-07-10 BREACHED FIRING notice=RAISED");
      t.tick("2024-08-01");
      assertThat(t.newAlerts()).as("raised once while it is under").isEmpty();

      t.report("2024-10-10", placement("2024-Q3", "497", "500")).tick("2024-10-10");    // 99.4 %
      assertThat(t.status(PLACEMENT)).isEqualTo("ON_TRACK");
      assertThat(t.newAlerts()).containsExactly("2024-10-10 BREACHED RESOLVED notice=RESOLVED");

      t.report("2024-12-20", placement("2024-Q4", "490", "500")).tick("2024-12-31");    // 98 % at the deadline
      assertThat(t.status(PLACEMENT)).isEqualTo("MISSED");
      assertThat(t.newAlerts()).containsExactly("2024-12-31 MISSED FIRING notice=RAISED");
    }
  }

  @Test
  void shouldRaiseNothingForAnHonestNotYetOfAOneStepMilestoneBeforeItsDeadline() {
    try (Timeline t = timeline(Map.of(), STANDARD)) {
      Reports.Builder notYet = Reports.value(STANDARD, "CITY", "2024-03-31", "0").reportingUnit("市发改局");
      t.report("2024-03-31", notYet).tick("2024-03-31");
      for (String day : List.of("2024-04-25", "2024-06-30", "2024-09-30", "2024-12-30")) {
        t.tick(day);
        assertThat(t.status(STANDARD)).as(day).isEqualTo("ON_TRACK");
        assertThat(t.row(STANDARD).getExpected()).as(day).isEqualByComparingTo("0");
      }
      assertThat(t.newAlerts()).as("not yet is not behind before the date it is due").isEmpty();
      t.tick("2024-12-31");
      assertThat(t.status(STANDARD)).isEqualTo("MISSED");
      t.tick("2025-01-31");
      assertThat(t.newAlerts()).as("raised once its grace days are gone").containsExactly("2025-01-31 MISSED FIRING notice=RAISED");
    }
  }

  private static final String PLACES = "childcare.childcare_place_utilisation";   // monitored: 努力提升托位使用率, RATIO, quarterly

  private static Reports.Builder places(String quarter, String numerator, String denominator) {
    return Reports.ratio(PLACES, "CITY", quarter, numerator, denominator).reportingUnit(HEALTH);
  }

  @Test
  void shouldFollowAMonitoredGoalsTrendQuarterByQuarterAndRaiseOnlyAMissingReport() {
    try (Timeline t = timeline(Map.of(), PLACES)) {
      t.report("2024-04-10", places("2024-Q1", "600", "1000")).tick("2024-04-10");   // 60%: nothing to compare with
      assertThat(t.status(PLACES)).isEqualTo("FLAT");
      assertThat(t.row(PLACES).getPrevious()).isNull();
      assertThat(t.row(PLACES).getAchieved()).as("no target to achieve").isFalse();
      t.report("2024-07-10", places("2024-Q2", "630", "1000")).tick("2024-07-10");   // 63% after 60%
      assertThat(t.status(PLACES)).isEqualTo("IMPROVING");
      assertThat(t.row(PLACES).getPrevious()).isEqualByComparingTo("60");
      assertThat(t.row(PLACES).getExpected()).as("what it is compared with").isEqualByComparingTo("60");
      t.report("2024-10-10", places("2024-Q3", "580", "1000")).tick("2024-10-10");   // 58% after 63%
      assertThat(t.status(PLACES)).isEqualTo("WORSENING");
      assertThat(t.newAlerts()).as("a trend is shown, never chased").isEmpty();
      t.tick("2025-01-16");                                                          // Q4 due by 15 January
      assertThat(t.status(PLACES)).isEqualTo("OVERDUE");
      assertThat(t.newAlerts()).containsExactly("2025-01-16 OVERDUE FIRING notice=RAISED");
    }
  }

  @Test
  void shouldWarnWithoutAlertingWhenAYearFiguresQuarterIsAboveItsCeilingAndRaiseMissedOnceTheYearsFigureIsDue() {
    try (Timeline t = timeline(Map.of(), UNEMPLOYMENT)) {
      t.report("2024-04-10", unemployment("2024-Q1", "52", "1000")).tick("2024-04-10");   // 5.2 % in Q1; the target is the year's
      assertThat(t.status(UNEMPLOYMENT)).isEqualTo("AT_RISK");
      assertThat(t.newAlerts()).isEmpty();

      t.report("2024-10-10", unemployment("2024-Q3", "51", "1000")).tick("2024-10-10");
      assertThat(t.newAlerts()).isEmpty();
      t.tick("2024-12-31");
      assertThat(t.status(UNEMPLOYMENT)).isEqualTo("MISSED");
      assertThat(t.newAlerts()).as("Q4's figure is due by 15 January and may still bring the year under 5%%").isEmpty();
      t.tick("2025-01-16");
      assertThat(t.newAlerts()).contains("2025-01-16 MISSED FIRING notice=RAISED");
    }
  }

  /** LAGGING holds on 5 April, not on the 6th (a correction: 19, 14.70 points behind), again from the 7th. */
  private static Timeline flapping(Timeline t) {
    return marchInWithNothingNew(stalledAfterJanuary(t))
        .tick("2024-04-05")
        .report("2024-04-06", aed("2024-02", "3").correction(2, "补报"))
        .tick("2024-04-06")
        .report("2024-04-07", aed("2024-02", "0").correction(3, "撤回补报"))
        .tick("2024-04-07")
        .tick("2024-04-08")
        .tick("2024-04-09");
  }

  @Test
  void shouldFlapWithOneEvaluationAndStayQuietUntilTheConditionHoldsForTwo() {
    try (Timeline t = timeline(Map.of(), AED)) {
      flapping(t);
      assertThat(t.newAlerts()).containsExactly(
          "2024-04-05 LAGGING FIRING notice=RAISED",
          "2024-04-06 LAGGING RESOLVED notice=RESOLVED",
          "2024-04-07 LAGGING FIRING notice=RAISED");
    }
    try (Timeline t = timeline(Map.of(PipelineConfig.ALERT_FOR_EVALUATIONS, 2), AED)) {
      flapping(t);
      assertThat(t.newAlerts()).as("raised on the second evaluation in a row, once").containsExactly(
          "2024-04-08 LAGGING FIRING notice=RAISED");
    }
  }

  @Test
  void shouldInhibitTheLaggingAlertAMissingReportCausesUntilTheReportArrives() {
    try (Timeline t = timeline(Map.of(), AED)) {
      t.report("2024-02-05", aed("2024-01", "16")).tick("2024-02-05");
      t.tick("2024-03-10");
      assertThat(t.status(AED)).isEqualTo("ON_TRACK");   // February's figure is not due before 10 March is over: through January
      t.tick("2024-03-11");
      assertThat(t.status(AED)).isEqualTo("OVERDUE");
      assertThat(t.newAlerts()).containsExactly("2024-03-11 OVERDUE FIRING notice=RAISED");

      t.tick("2024-04-11");                              // March due too: 16.31 points behind, caused by the missing reports
      assertThat(t.status(AED)).isEqualTo("OVERDUE");
      assertThat(t.newAlerts()).containsExactly("2024-04-11 LAGGING FIRING notice=NONE muted_by=inhibited by OVERDUE");

      t.report("2024-04-12", aed("2024-02", "0")).report("2024-04-12", aed("2024-03", "0"))
          .tick("2024-04-12");                           // the reports come, and show no progress
      assertThat(t.status(AED)).isEqualTo("LAGGING");
      assertThat(t.newAlerts()).containsExactly(
          "2024-04-12 LAGGING FIRING notice=RAISED",
          "2024-04-12 OVERDUE RESOLVED notice=RESOLVED");
    }
  }

  @Test
  void shouldMuteASilencedAlertAndTellTheUnitWhenTheSilenceExpires() {
    try (Timeline t = timeline(Map.of(), AED)) {
      stalledAfterJanuary(t).silence("S1", AED, "LAGGING", "2024-04-10");
      marchInWithNothingNew(t).tick("2024-04-05");
      assertThat(t.newAlerts()).containsExactly("2024-04-05 LAGGING FIRING notice=NONE muted_by=silence S1");
      t.tick("2024-04-10");
      assertThat(t.newAlerts()).as("muted up to its last day").isEmpty();
      t.tick("2024-04-11");
      assertThat(t.newAlerts()).containsExactly("2024-04-11 LAGGING FIRING notice=RAISED");
    }
  }

  @Test
  void shouldNotTellTheUnitOfAnAlertThatResolvedWhileSilenced() {
    try (Timeline t = timeline(Map.of(), AED)) {
      marchInWithNothingNew(stalledAfterJanuary(t).silence("S1", AED, null, "2024-12-31")).tick("2024-04-05");
      t.report("2024-04-06", aed("2024-02", "30").correction(2, "漏报补正")).tick("2024-04-06");
      assertThat(t.newAlerts()).containsExactly(
          "2024-04-05 LAGGING FIRING notice=NONE muted_by=silence S1",
          "2024-04-06 LAGGING RESOLVED notice=NONE muted_by=silence S1");
    }
  }

  @Test
  void shouldWriteTheSameAlertsAndHistoryWhenReplayedWithoutPauses(@TempDir Path otherStateDir) {
    List<cn.gov.yuhuan.qyx.events.Alert> first;
    List<String> firstHistory;
    try (Timeline t = timeline(Map.of(), AED)) {
      flapping(t).newAlerts();
      first = t.allAlerts;
      firstHistory = historyOf(t, "2024-04-05", "2024-04-06", "2024-04-07", "2024-04-08", "2024-04-09");
    }
    // As in a rebuild: the same records back to back, so the stage's rows are flushed only once at the end.
    try (Timeline replay = new Timeline(otherStateDir, Map.of(), AED)) {
      replay.reportUnsettled("2024-02-05", aed("2024-01", "16")).tickUnsettled("2024-02-05")
          .reportUnsettled("2024-03-05", aed("2024-02", "0"))
          .reportUnsettled("2024-04-05", aed("2024-03", "0")).tickUnsettled("2024-04-05")
          .reportUnsettled("2024-04-06", aed("2024-02", "3").correction(2, "补报")).tickUnsettled("2024-04-06")
          .reportUnsettled("2024-04-07", aed("2024-02", "0").correction(3, "撤回补报")).tickUnsettled("2024-04-07")
          .tickUnsettled("2024-04-08").tickUnsettled("2024-04-09")
          .settle()
          .newAlerts();
      assertThat(replay.allAlerts).as("same alert ids, states, notices and versions").isEqualTo(first);
      assertThat(historyOf(replay, "2024-04-05", "2024-04-06", "2024-04-07", "2024-04-08", "2024-04-09")).isEqualTo(firstHistory);
      assertThat(first).extracting(a -> a.getAlertId() + " " + a.getNotice()).containsExactly(
          "health.aed_installed|CITY|LAGGING|2024-04-05 RAISED",
          "health.aed_installed|CITY|LAGGING|2024-04-05 RESOLVED",
          "health.aed_installed|CITY|LAGGING|2024-04-07 RAISED");
    }
  }

  private static List<String> historyOf(Timeline t, String... days) {
    return java.util.Arrays.stream(days).map(day -> t.history(AED, day))
        .map(row -> row.getAsOf() + " " + row.getActual() + " " + row.getStatus() + " " + row.getGap()).toList();
  }

  @Test
  void shouldOpenAnAsOfDateOnlyOnceEveryPartitionOfTheEventLogHasPassedItsTick() {
    try (Timeline t = new Timeline(stateDir, Map.of(), 2, AED)) {
      Timeline.OtherPartition other = t.fromPartition(1);
      t.report("2024-02-05", aed("2024-01", "16")).tick("2024-02-05");
      other.passes("2024-02-05");
      t.report("2024-03-05", aed("2024-02", "0")).tick("2024-03-26");
      other.passes("2024-03-26");
      t.settle();
      assertThat(t.row(AED).getAsOf()).hasToString("2024-03-26");

      // Partition 0 reads the 27 March tick, then a correction sent after it: it waits, for partition
      // 1 is still on the 26th and may yet send values that count before the 27th.
      t.tick("2024-03-27").report("2024-03-27", aed("2024-02", "20").correction(2, "漏报补正"));
      assertThat(t.row(AED).getAsOf()).as("not open before every partition passed it").hasToString("2024-03-26");
      assertThat(t.row(AED).getActual()).as("the value counting from the 27th waits").isEqualByComparingTo("16");
      assertThat(t.newAlerts()).isEmpty();

      // Partition 1 sends a value read before its own 27 March tick: it counts for the 26th at once.
      other.report("2024-03-26", "2024-03-26", Reports.value(AED, "YUCHENG", "2024-02", "1").reportingUnit(HEALTH));
      t.settle();
      assertThat(t.history(AED, "2024-03-26").getActual()).isEqualByComparingTo("17");

      other.passes("2024-03-27");
      t.settle();
      // Through February on the 27th (both townships sent it): 30.6557 expected, 17 is 7.3 points behind, so no lag;
      // the correction counts after the judgement.
      assertThat(t.newAlerts()).as("judged on what was read before the tick on every partition").isEmpty();
      assertThat(t.history(AED, "2024-03-26").getActual()).as("final").isEqualByComparingTo("17");
      assertThat(t.history(AED, "2024-03-27").getActual()).as("the held correction, applied once the date opened").isEqualByComparingTo("37");
      assertThat(t.row(AED).getAsOf()).hasToString("2024-03-27");
      assertThat(t.status(AED)).isEqualTo("ON_TRACK");
    }
  }

  @Test
  void shouldJudgeATicksAlertsOnTheValuesReadBeforeItAssoonAsEveryPartitionHasPassedIt() {
    try (Timeline t = new Timeline(stateDir, Map.of(), 2, AED)) {
      Timeline.OtherPartition other = t.fromPartition(1);
      stalledAfterJanuary(t);
      other.passes("2024-02-05");
      marchInWithNothingNew(t).tick("2024-04-05");
      assertThat(t.newAlerts()).as("partition 1 has not passed the 5th").isEmpty();
      other.passes("2024-04-05");
      t.settle();
      assertThat(t.newAlerts()).containsExactly("2024-04-05 LAGGING FIRING notice=RAISED");
    }
  }

  @Test
  void shouldCountAReportFromTheLastTickBeforeItInItsPartitionWhateverItsTimestamp() {
    try (Timeline t = timeline(Map.of(), AED)) {
      marchInWithNothingNew(stalledAfterJanuary(t)).tick("2024-04-05").tick("2024-04-06").tick("2024-04-12");
      assertThat(t.history(AED, "2024-04-06").getStatus()).isEqualTo("LAGGING");
      // Stamped 7 April, but appended after the 12 April tick (its producer held it back): the as-of
      // dates already judged stay as they were, and a replay, which reads the log in the same order, agrees.
      t.report("2024-04-07", aed("2024-02", "20").correction(2, "漏报补正"));
      assertThat(t.history(AED, "2024-04-06").getActual()).isEqualByComparingTo("16");
      assertThat(t.history(AED, "2024-04-06").getStatus()).isEqualTo("LAGGING");
      assertThat(t.history(AED, "2024-04-12").getActual()).isEqualByComparingTo("36");
      assertThat(t.history(AED, "2024-04-12").getStatus()).isEqualTo("AT_RISK");    // 46.4945 expected: 5.61 points
      assertThat(t.row(AED).getActual()).isEqualByComparingTo("36");
      assertThat(t.row(AED).getAsOf()).hasToString("2024-04-12");
      assertThat(t.newAlerts()).containsExactly("2024-04-05 LAGGING FIRING notice=RAISED");
    }
  }

  @Test
  void shouldJudgeAnIndicatorNobodyReportedNoDataThenOverdue() {
    try (Timeline t = timeline(Map.of(), AED)) {
      t.tick("2024-01-31");
      assertThat(t.status(AED)).isEqualTo("NO_DATA");
      assertThat(t.row(AED).getGap()).isNull();
      t.tick("2024-02-10");
      assertThat(t.status(AED)).as("January's figure is due once 10 February is over").isEqualTo("NO_DATA");
      t.tick("2024-02-11");
      assertThat(t.status(AED)).isEqualTo("OVERDUE");
      assertThat(t.newAlerts()).containsExactly("2024-02-11 OVERDUE FIRING notice=RAISED");
    }
  }

  @Test
  void shouldLeaveTheStatusEmptyUntilTheFirstTick() {
    try (Timeline t = timeline(Map.of(), AED)) {
      t.report("2024-02-05", aed("2024-01", "16"));
      assertThat(t.row(AED).getActual()).isEqualByComparingTo("16");
      assertThat(t.row(AED).getStatus()).isNull();
      assertThat(t.row(AED).getAsOf()).isNull();
    }
  }

  @Test
  void shouldIgnoreATickThatIsNotAfterTheCurrentAsOfDate() {
    try (Timeline t = timeline(Map.of(), AED)) {
      stalledAfterJanuary(t).tick("2024-03-27");
      long version = t.row(AED).getVersion();
      t.newAlerts();
      t.tick("2024-03-20").tick("2024-03-27");
      assertThat(t.row(AED).getAsOf()).hasToString("2024-03-27");
      assertThat(t.row(AED).getVersion()).isEqualTo(version);
      assertThat(t.newAlerts()).isEmpty();
    }
  }

  @Test
  void shouldFlagAJumpFarOutsideAnAreasEarlierPeriods() {
    try (Timeline t = timeline(Map.of(), AED)) {
      t.report("2024-02-05", aed("2024-01", "2"))
          .report("2024-03-05", aed("2024-02", "3"))
          .report("2024-04-05", aed("2024-03", "9"))     // 3 × the largest earlier: not yet a jump
          .tick("2024-04-05");
      assertThat(t.row(AED).getFlags()).isEmpty();
      t.report("2024-05-05", aed("2024-04", "60")).tick("2024-05-05");   // more than 3 × 9
      assertThat(t.row(AED).getFlags()).containsExactly("JUMP");
      assertThat(t.status(AED)).as("a flag is beside the status, not instead of it").isEqualTo("ON_TRACK");
    }
  }

  @Test
  void shouldFlagARatioLandingExactlyOnItsTargetAtAQuarterEndAndADenominatorThatMovesSharply() {
    try (Timeline t = timeline(Map.of(), UNEMPLOYMENT)) {
      t.report("2024-04-10", unemployment("2024-Q1", "50", "1000")).tick("2024-04-10");   // exactly 5 %: kept, so far
      assertThat(t.row(UNEMPLOYMENT).getFlags()).containsExactly("ON_TARGET_AT_QUARTER_END");
      assertThat(t.status(UNEMPLOYMENT)).isEqualTo("ON_TRACK");
      t.report("2024-07-10", unemployment("2024-Q2", "60", "1300")).tick("2024-07-10");  // denominator +30 %
      assertThat(t.row(UNEMPLOYMENT).getFlags()).containsExactly("DENOMINATOR_SHIFT");
    }
  }
}
