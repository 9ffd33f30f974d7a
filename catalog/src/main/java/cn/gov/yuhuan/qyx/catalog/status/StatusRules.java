package cn.gov.yuhuan.qyx.catalog.status;

import cn.gov.yuhuan.qyx.reference.AreaScope;
import cn.gov.yuhuan.qyx.reference.Cadence;
import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.TrajectoryKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Optional;

/**
 * Judges an indicator against 时序进度 on an as-of date (docs/design.md §5), the target read as the plan
 * states it ({@link Targets}) and the expected value from its {@link Trajectory}. The deadline
 * decides: from it on, an indicator is ACHIEVED or MISSED.
 */
public final class StatusRules {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final BigDecimal atRiskGap;
  private final BigDecimal laggingGap;

  /**
   * @param atRiskGap a gap above this many points of the target is AT_RISK (5 by default)
   * @param laggingGap a gap above this many points is LAGGING (15 by default)
   */
  public StatusRules(BigDecimal atRiskGap, BigDecimal laggingGap) {
    if (atRiskGap.compareTo(laggingGap) > 0) {
      throw new IllegalArgumentException("the at-risk gap " + atRiskGap + " must not exceed the lagging gap " + laggingGap);
    }
    this.atRiskGap = atRiskGap;
    this.laggingGap = laggingGap;
  }

  /**
   * What an evaluation found. Besides the one status, the two conditions alerts need on their own:
   * an OVERDUE indicator can also be behind by more than the lagging gap (the lag its missing
   * report causes, which the OVERDUE alert inhibits).
   *
   * @param overdue a report due for a closed period is missing
   * @param lagging an AT_LEAST indicator not yet achieved is behind by more than the lagging gap
   * @param missed MISSED, and no report can change it any more: the last period is reported, or its
   *     grace days are gone (on 31 December a monthly count still waits for December's figure)
   */
  public record Evaluation(LocalDate asOf, BigDecimal expected, BigDecimal gap, Status status, boolean overdue, boolean lagging,
      boolean missed) {}

  /** The same without a previous plan year: a level with no baseline is judged as a year figure. */
  public Evaluation evaluate(IndicatorDefinition indicator, Optional<BigDecimal> actual, Optional<LocalDate> latestPeriodEnd,
      LocalDate asOf) {
    return evaluate(indicator, Optional.empty(), actual, latestPeriodEnd, asOf);
  }

  /**
   * @param previousYearFinal the same indicator's final actual in the plan year before, where a
   *     level with no baseline ramps from ({@link Ramp})
   * @param actual the indicator's current value, empty when nothing was reported
   * @param latestPeriodEnd the last day of the latest period reported by every area that reports
   *     (a township indicator is as far as its slowest township), empty when nothing was
   */
  public Evaluation evaluate(IndicatorDefinition indicator, Optional<BigDecimal> previousYearFinal, Optional<BigDecimal> actual,
      Optional<LocalDate> latestPeriodEnd, LocalDate asOf) {
    Ramp ramp = Ramp.of(indicator, previousYearFinal);
    BigDecimal expected = Trajectory.expectedValue(indicator, ramp, measuredThrough(indicator, latestPeriodEnd, asOf));
    BigDecimal gap = actual.map(a -> gap(indicator, expected, a)).orElse(null);
    Status status = status(indicator, ramp.trajectory(), actual, latestPeriodEnd, asOf, gap);
    // Only a floor being ramped towards can lag: a line held all year is BREACHED instead, a year
    // figure is not judged before its deadline, and from the deadline on MISSED says it.
    boolean lagging = Ramp.ramps(ramp.trajectory()) && !Targets.isCeiling(indicator) && status != Status.ACHIEVED
        && status != Status.MISSED && gap != null && gap.compareTo(laggingGap) > 0;
    // A city figure's last report decides at once; a township indicator waits for the grace days,
    // as one township's December report says nothing of the others still due.
    boolean lastReportIn = indicator.getAreaScope() == AreaScope.CITY
        && latestPeriodEnd.map(end -> !end.isBefore(indicator.getDeadline())).orElse(false);
    boolean graceGone = asOf.isAfter(indicator.getDeadline().plusDays(indicator.getGraceDays()));
    boolean missed = status == Status.MISSED && (lastReportIn || graceGone);
    return new Evaluation(asOf, expected, gap, status, isOverdue(indicator, latestPeriodEnd, asOf), lagging, missed);
  }

  /** A monitored goal that moved by at most this share of its earlier value is FLAT (持平), in per cent. */
  public static final BigDecimal FLAT_WITHIN = BigDecimal.ONE;

  /**
   * A monitored goal (no target, {@link Targets#isMonitored}) by its trend: IMPROVING, FLAT or
   * WORSENING against the period before, or, with none, against the same period a year before;
   * FLAT with nothing to compare. Its reports are owed like any other's (OVERDUE, NO_DATA), and it
   * is never ACHIEVED, LAGGING or MISSED: the plan sets no line to reach. Its {@code expected} is the
   * value it is compared with (its own when there is none), its {@code gap} null.
   *
   * @param previous its value in the period before the latest
   * @param yearAgo its value in the same period a year before
   */
  public Evaluation evaluateTrend(IndicatorDefinition indicator, Optional<BigDecimal> actual, Optional<LocalDate> latestPeriodEnd,
      Optional<BigDecimal> previous, Optional<BigDecimal> yearAgo, LocalDate asOf) {
    boolean overdue = isOverdue(indicator, latestPeriodEnd, asOf);
    Optional<BigDecimal> before = previous.or(() -> yearAgo);
    Status status;
    if (overdue) {
      status = Status.OVERDUE;
    } else if (actual.isEmpty()) {
      status = Status.NO_DATA;
    } else {
      status = trend(indicator, actual.get(), before);
    }
    // What it is compared with stands where a target's expected value would: the earlier value, else its own.
    BigDecimal comparedWith = before.or(() -> actual).orElse(BigDecimal.ZERO).setScale(4, RoundingMode.HALF_UP);
    return new Evaluation(asOf, comparedWith, null, status, overdue, false, false);
  }

  /** Which way {@code now} moved from {@code before}, as the plan asks (AT_MOST: down is better). */
  static Status trend(IndicatorDefinition indicator, BigDecimal now, Optional<BigDecimal> before) {
    if (before.isEmpty()) {
      return Status.FLAT;
    }
    BigDecimal change = now.subtract(before.get());
    BigDecimal flat = before.get().abs().multiply(FLAT_WITHIN).divide(HUNDRED);
    if (change.abs().compareTo(flat) <= 0) {
      return Status.FLAT;
    }
    boolean up = change.signum() > 0;
    return up == (indicator.getDirection() != Direction.AT_MOST) ? Status.IMPROVING : Status.WORSENING;
  }

  /**
   * The day the actual is measured through, where the expected value is read: the end of the
   * latest period due, or of the latest period reported if that is later (a missing report does
   * not stop the clock), never after the as-of date; before any report is due, the eve of the
   * plan year (nobody is behind yet). A unit reports a month after it closes, so comparing
   * January's total with the share of the year gone on 24 February would call every punctual unit
   * 6 points behind; comparing it with January's 时序进度 does not. A milestone, a line held all
   * year and a year figure are read on the as-of date itself.
   */
  static LocalDate measuredThrough(IndicatorDefinition indicator, Optional<LocalDate> latestPeriodEnd, LocalDate asOf) {
    if (indicator.getCadence() == Cadence.ONCE || !Ramp.ramps(Targets.trajectory(indicator))) {
      return asOf;
    }
    if (!asOf.isBefore(indicator.getDeadline())) {
      return indicator.getDeadline(); // from the deadline on the whole target is judged, whatever is still to be reported
    }
    Optional<LocalDate> due = lastDuePeriodEnd(indicator, asOf);
    if (due.isEmpty()) {
      return LocalDate.of(indicator.getDeadline().getYear(), 1, 1).minusDays(1); // nothing due yet: nobody is behind
    }
    LocalDate through = latestPeriodEnd.filter(end -> end.isAfter(due.get())).orElse(due.get());
    return through.isAfter(asOf) ? asOf : through;
  }

  private static boolean isOverdue(IndicatorDefinition indicator, Optional<LocalDate> latestPeriodEnd, LocalDate asOf) {
    Optional<LocalDate> due = lastDuePeriodEnd(indicator, asOf);
    if (due.isEmpty()) {
      return false;
    }
    if (indicator.getCadence() == Cadence.ONCE) {
      return latestPeriodEnd.isEmpty(); // a milestone's one report may come on any day up to its deadline
    }
    return latestPeriodEnd.map(end -> end.isBefore(due.get())).orElse(true);
  }

  /**
   * In order: from the deadline on the target is met or missed, nothing else (年考核); before it, a
   * met target is ACHIEVED (ON_TRACK for what can still be lost: a line held all year, a range, a
   * year figure) and a line held all year on the wrong side BREACHED, the day it is crossed; then a
   * missing report is OVERDUE (it would explain a lag); then the gap decides, where a year figure
   * is at most AT_RISK (its interim values are shown, not judged).
   */
  private Status status(IndicatorDefinition indicator, TrajectoryKind trajectory, Optional<BigDecimal> actual,
      Optional<LocalDate> latestPeriodEnd, LocalDate asOf, BigDecimal gap) {
    boolean met = actual.isPresent() && Targets.met(indicator, actual.get());
    if (!asOf.isBefore(indicator.getDeadline())) {
      return met ? Status.ACHIEVED : Status.MISSED;
    }
    boolean yearFigure = trajectory == TrajectoryKind.YEAR_END;
    boolean heldAllYear = trajectory == TrajectoryKind.HOLD;
    if (met) {
      // A line, a range or a year figure can still be lost before the deadline: kept so far is on track.
      boolean keptSoFar = heldAllYear || Targets.isCeiling(indicator) || indicator.getDirection() == Direction.BETWEEN || yearFigure;
      return keptSoFar ? Status.ON_TRACK : Status.ACHIEVED;
    }
    if (actual.isPresent() && heldAllYear) {
      return Status.BREACHED; // a floor held all year is a line, like a ceiling: crossed is crossed, whatever the season
    }
    if (isOverdue(indicator, latestPeriodEnd, asOf)) {
      return Status.OVERDUE;
    }
    if (actual.isEmpty()) {
      return Status.NO_DATA;
    }
    if (yearFigure) {
      return Status.AT_RISK; // not met on the interim figure: a warning, judged at the deadline
    }
    if (gap.compareTo(laggingGap) > 0) {
      return Status.LAGGING;
    }
    return gap.compareTo(atRiskGap) > 0 ? Status.AT_RISK : Status.ON_TRACK;
  }

  /**
   * How far behind the expected value the actual is, in percentage points of the target (negative:
   * ahead). For a ceiling, how far above it; for a range, how far outside the nearer end.
   */
  static BigDecimal gap(IndicatorDefinition indicator, BigDecimal expected, BigDecimal actual) {
    BigDecimal target = indicator.getTarget();
    return switch (indicator.getDirection()) {
      case AT_MOST -> gap(actual, target, target);
      case BETWEEN -> {
        BigDecimal low = indicator.getTargetLow() != null ? indicator.getTargetLow() : target;
        yield actual.compareTo(target) > 0 ? gap(actual, target, target) : gap(low, actual, target);
      }
      default -> gap(expected, actual, target);
    };
  }

  /** {@code behind − ahead}, in percentage points of the target. */
  private static BigDecimal gap(BigDecimal expected, BigDecimal actual, BigDecimal target) {
    if (target.signum() == 0) {
      return BigDecimal.ZERO.setScale(4);
    }
    return expected.subtract(actual).multiply(HUNDRED).divide(target, 4, RoundingMode.HALF_UP);
  }

  /**
   * The end of the last period whose report is due by {@code asOf}: closed, and its grace days
   * gone. Empty when none is due yet (and for a MILESTONE, whose one report is due by the deadline).
   */
  static Optional<LocalDate> lastDuePeriodEnd(IndicatorDefinition indicator, LocalDate asOf) {
    LocalDate closedBy = asOf.minusDays(indicator.getGraceDays());
    LocalDate planStart = LocalDate.of(indicator.getDeadline().getYear(), 1, 1);
    Cadence cadence = indicator.getCadence();
    LocalDate end = switch (cadence) {
      case MONTHLY -> closedBy.withDayOfMonth(1).minusDays(1);
      case QUARTERLY -> closedBy.with(IsoFields.DAY_OF_QUARTER, 1).minusDays(1);
      case ANNUAL -> closedBy.withDayOfYear(1).minusDays(1);
      case ONCE -> closedBy.isAfter(indicator.getDeadline()) ? indicator.getDeadline() : null;
      default -> null;
    };
    if (end == null || end.isBefore(planStart)) {
      return Optional.empty();
    }
    return Optional.of(end.isAfter(indicator.getDeadline()) ? indicator.getDeadline() : end);
  }
}
