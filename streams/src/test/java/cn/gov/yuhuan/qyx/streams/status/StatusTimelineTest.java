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
 * Timelines of reports and ticks with the statuses and alerts each step must cause (DESIGN §5,
 * §6). Figures: AED is a COUNT of 187 台 over 2024 (366 days), monthly, 10 grace days, so on day d
 * 时序进度 expects 187 × d / 366; LAGGING is a gap above 15 points of the target.
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

  @Test
  void shouldFallBehindByTimePassingAloneAndRaiseLaggingOnce() {
    try (Timeline t = timeline(Map.of(), AED)) {
      stalledAfterJanuary(t);
      assertThat(t.status(AED)).isEqualTo("ON_TRACK");   // 2024-02-05: 18.3934 expected, 16 done
      t.tick("2024-03-05");
      assertThat(t.status(AED)).isEqualTo("AT_RISK");    // 33.2104 expected: 9.2 points behind
      t.tick("2024-03-26");
      assertThat(t.status(AED)).isEqualTo("AT_RISK");    // 43.9399: 14.94 points
      assertThat(t.newAlerts()).isEmpty();

      t.tick("2024-03-27");                              // 44.4508: 15.21 points, by time alone
      assertThat(t.row(AED).getExpected()).isEqualByComparingTo("44.4508");
      assertThat(t.row(AED).getGap()).isEqualByComparingTo("15.2143");
      assertThat(t.status(AED)).isEqualTo("LAGGING");
      assertThat(t.newAlerts()).containsExactly("2024-03-27 LAGGING FIRING notice=RAISED");

      t.tick("2024-03-28").tick("2024-04-02");
      assertThat(t.status(AED)).isEqualTo("LAGGING");
      assertThat(t.newAlerts()).as("never repeated while it fires").isEmpty();
    }
  }

  @Test
  void shouldResolveALagWhenACorrectionArrivesAndTellTheUnitOnce() {
    try (Timeline t = timeline(Map.of(), AED)) {
      stalledAfterJanuary(t).tick("2024-03-28");
      assertThat(t.newAlerts()).containsExactly("2024-03-28 LAGGING FIRING notice=RAISED");

      t.report("2024-03-29", aed("2024-02", "20").correction(2, "漏报补正"));
      assertThat(t.status(AED)).as("the status follows the value at once").isEqualTo("ON_TRACK");
      assertThat(t.row(AED).getAsOf()).hasToString("2024-03-28");
      assertThat(t.newAlerts()).as("alerts move on ticks").isEmpty();

      t.tick("2024-03-29");
      assertThat(t.newAlerts()).containsExactly("2024-03-29 LAGGING RESOLVED notice=RESOLVED");
      t.tick("2024-03-30");
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

  /** LAGGING holds on the 27th, not on the 28th (a correction), again from the 29th. */
  private static Timeline flapping(Timeline t) {
    return stalledAfterJanuary(t)
        .tick("2024-03-27")
        .report("2024-03-28", aed("2024-02", "2").correction(2, "补报"))
        .tick("2024-03-28")
        .report("2024-03-29", aed("2024-02", "0").correction(3, "撤回补报"))
        .tick("2024-03-29")
        .tick("2024-03-30")
        .tick("2024-03-31");
  }

  @Test
  void shouldFlapWithOneEvaluationAndStayQuietUntilTheConditionHoldsForTwo() {
    try (Timeline t = timeline(Map.of(), AED)) {
      flapping(t);
      assertThat(t.newAlerts()).containsExactly(
          "2024-03-27 LAGGING FIRING notice=RAISED",
          "2024-03-28 LAGGING RESOLVED notice=RESOLVED",
          "2024-03-29 LAGGING FIRING notice=RAISED");
    }
    try (Timeline t = timeline(Map.of(PipelineConfig.ALERT_FOR_EVALUATIONS, 2), AED)) {
      flapping(t);
      assertThat(t.newAlerts()).as("raised on the second evaluation in a row, once").containsExactly(
          "2024-03-30 LAGGING FIRING notice=RAISED");
    }
  }

  @Test
  void shouldInhibitTheLaggingAlertAMissingReportCausesUntilTheReportArrives() {
    try (Timeline t = timeline(Map.of(), AED)) {
      t.report("2024-02-05", aed("2024-01", "16")).tick("2024-02-05");
      t.tick("2024-03-10");
      assertThat(t.status(AED)).isEqualTo("AT_RISK");    // February's figure is not due before 10 March is over
      t.tick("2024-03-11");
      assertThat(t.status(AED)).isEqualTo("OVERDUE");
      assertThat(t.newAlerts()).containsExactly("2024-03-11 OVERDUE FIRING notice=RAISED");

      t.tick("2024-03-27");                              // 15.21 points behind, caused by the missing report
      assertThat(t.status(AED)).isEqualTo("OVERDUE");
      assertThat(t.newAlerts()).containsExactly("2024-03-27 LAGGING FIRING notice=NONE muted_by=inhibited by OVERDUE");

      t.report("2024-03-28", aed("2024-02", "0")).tick("2024-03-28");   // the report comes, and shows no progress
      assertThat(t.status(AED)).isEqualTo("LAGGING");
      assertThat(t.newAlerts()).containsExactly(
          "2024-03-28 LAGGING FIRING notice=RAISED",
          "2024-03-28 OVERDUE RESOLVED notice=RESOLVED");
    }
  }

  @Test
  void shouldMuteASilencedAlertAndTellTheUnitWhenTheSilenceExpires() {
    try (Timeline t = timeline(Map.of(), AED)) {
      stalledAfterJanuary(t).silence("S1", AED, "LAGGING", "2024-04-05");
      t.tick("2024-03-27");
      assertThat(t.newAlerts()).containsExactly("2024-03-27 LAGGING FIRING notice=NONE muted_by=silence S1");
      t.tick("2024-04-05");
      assertThat(t.newAlerts()).as("muted up to its last day").isEmpty();
      t.tick("2024-04-06");
      assertThat(t.newAlerts()).containsExactly("2024-04-06 LAGGING FIRING notice=RAISED");
    }
  }

  @Test
  void shouldNotTellTheUnitOfAnAlertThatResolvedWhileSilenced() {
    try (Timeline t = timeline(Map.of(), AED)) {
      stalledAfterJanuary(t).silence("S1", AED, null, "2024-12-31").tick("2024-03-27");
      t.report("2024-03-28", aed("2024-02", "20").correction(2, "漏报补正")).tick("2024-03-28");
      assertThat(t.newAlerts()).containsExactly(
          "2024-03-27 LAGGING FIRING notice=NONE muted_by=silence S1",
          "2024-03-28 LAGGING RESOLVED notice=NONE muted_by=silence S1");
    }
  }

  @Test
  void shouldWriteTheSameAlertsAndHistoryWhenReplayedWithoutPauses(@TempDir Path otherStateDir) {
    List<cn.gov.yuhuan.qyx.events.Alert> first;
    List<String> firstHistory;
    try (Timeline t = timeline(Map.of(), AED)) {
      flapping(t).newAlerts();
      first = t.allAlerts;
      firstHistory = historyOf(t, "2024-03-27", "2024-03-28", "2024-03-29", "2024-03-30", "2024-03-31");
    }
    // As in a rebuild: the same records back to back, so the stage's rows are flushed only once at the end.
    try (Timeline replay = new Timeline(otherStateDir, Map.of(), AED)) {
      replay.reportUnsettled("2024-02-05", aed("2024-01", "16")).tickUnsettled("2024-02-05")
          .reportUnsettled("2024-03-05", aed("2024-02", "0")).tickUnsettled("2024-03-27")
          .reportUnsettled("2024-03-28", aed("2024-02", "2").correction(2, "补报")).tickUnsettled("2024-03-28")
          .reportUnsettled("2024-03-29", aed("2024-02", "0").correction(3, "撤回补报")).tickUnsettled("2024-03-29")
          .tickUnsettled("2024-03-30").tickUnsettled("2024-03-31")
          .settle()
          .newAlerts();
      assertThat(replay.allAlerts).as("same alert ids, states, notices and versions").isEqualTo(first);
      assertThat(historyOf(replay, "2024-03-27", "2024-03-28", "2024-03-29", "2024-03-30", "2024-03-31")).isEqualTo(firstHistory);
      assertThat(first).extracting(a -> a.getAlertId() + " " + a.getNotice()).containsExactly(
          "health.aed_installed|CITY|LAGGING|2024-03-27 RAISED",
          "health.aed_installed|CITY|LAGGING|2024-03-27 RESOLVED",
          "health.aed_installed|CITY|LAGGING|2024-03-29 RAISED");
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
      // 44.4508 expected on the 27th: 17 is 14.68 points behind, so no lag; the correction counts after the judgement.
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
      t.tick("2024-03-27");
      assertThat(t.newAlerts()).as("partition 1 has not passed the 27th").isEmpty();
      other.passes("2024-03-27");
      t.settle();
      assertThat(t.newAlerts()).containsExactly("2024-03-27 LAGGING FIRING notice=RAISED");
    }
  }

  @Test
  void shouldCountAReportFromTheLastTickBeforeItInItsPartitionWhateverItsTimestamp() {
    try (Timeline t = timeline(Map.of(), AED)) {
      stalledAfterJanuary(t).tick("2024-03-27").tick("2024-03-28").tick("2024-04-03");
      assertThat(t.history(AED, "2024-03-28").getStatus()).isEqualTo("LAGGING");
      // Stamped 29 March, but appended after the 3 April tick (its producer held it back): the as-of
      // dates already judged stay as they were, and a replay, which reads the log in the same order, agrees.
      t.report("2024-03-29", aed("2024-02", "20").correction(2, "漏报补正"));
      assertThat(t.history(AED, "2024-03-28").getActual()).isEqualByComparingTo("16");
      assertThat(t.history(AED, "2024-03-28").getStatus()).isEqualTo("LAGGING");
      assertThat(t.history(AED, "2024-04-03").getActual()).isEqualByComparingTo("36");
      assertThat(t.history(AED, "2024-04-03").getStatus()).isEqualTo("AT_RISK");    // 48.0273 expected: 6.43 points
      assertThat(t.row(AED).getActual()).isEqualByComparingTo("36");
      assertThat(t.row(AED).getAsOf()).hasToString("2024-04-03");
      assertThat(t.newAlerts()).containsExactly("2024-03-27 LAGGING FIRING notice=RAISED");
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
