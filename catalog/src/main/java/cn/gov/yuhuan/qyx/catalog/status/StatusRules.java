package cn.gov.yuhuan.qyx.catalog.status;

import cn.gov.yuhuan.qyx.reference.Cadence;
import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Optional;

/**
 * Judges an indicator against 时序进度 on an as-of date (DESIGN §5). Order matters: a met target is
 * ACHIEVED and a breached ceiling BREACHED whatever else holds; then a missing report is OVERDUE
 * (it would explain a lag, so it comes first); then the gap decides.
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
   */
  public record Evaluation(LocalDate asOf, BigDecimal expected, BigDecimal gap, Status status, boolean overdue, boolean lagging) {}

  /**
   * @param actual the indicator's current value, empty when nothing was reported
   * @param latestPeriodEnd the last day of the latest period reported, empty when nothing was
   */
  public Evaluation evaluate(IndicatorDefinition indicator, Optional<BigDecimal> actual, Optional<LocalDate> latestPeriodEnd,
      LocalDate asOf) {
    BigDecimal target = indicator.getTarget();
    boolean ceiling = indicator.getDirection() == Direction.AT_MOST;
    // A ceiling holds all year: what is expected on any day is to be under it, and the gap is how
    // far above it the value is (negative: room left), so that a positive gap is always bad.
    BigDecimal expected = ceiling ? target.setScale(4) : Trajectory.expectedValue(indicator, asOf);
    BigDecimal gap = actual.map(a -> ceiling ? gap(a, expected, target) : gap(expected, a, target)).orElse(null);
    Status status = status(indicator, actual, latestPeriodEnd, asOf, gap);
    boolean lagging = indicator.getDirection() != Direction.AT_MOST && gap != null && status != Status.ACHIEVED
        && gap.compareTo(laggingGap) > 0;
    return new Evaluation(asOf, expected, gap, status, isOverdue(indicator, latestPeriodEnd, asOf), lagging);
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

  private Status status(IndicatorDefinition indicator, Optional<BigDecimal> actual, Optional<LocalDate> latestPeriodEnd,
      LocalDate asOf, BigDecimal gap) {
    BigDecimal target = indicator.getTarget();
    boolean atMost = indicator.getDirection() == Direction.AT_MOST;
    if (actual.isPresent() && atMost && actual.get().compareTo(target) > 0) {
      return Status.BREACHED;
    }
    if (actual.isPresent() && !atMost && actual.get().compareTo(target) >= 0) {
      return Status.ACHIEVED;
    }
    if (isOverdue(indicator, latestPeriodEnd, asOf)) {
      return Status.OVERDUE;
    }
    if (actual.isEmpty()) {
      return Status.NO_DATA;
    }
    if (atMost) {
      return Status.ON_TRACK; // within the ceiling; the gap to a ceiling is no lag
    }
    if (gap.compareTo(laggingGap) > 0) {
      return Status.LAGGING;
    }
    return gap.compareTo(atRiskGap) > 0 ? Status.AT_RISK : Status.ON_TRACK;
  }

  /** {@code behind − ahead}, in percentage points of the target. */
  static BigDecimal gap(BigDecimal expected, BigDecimal actual, BigDecimal target) {
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
