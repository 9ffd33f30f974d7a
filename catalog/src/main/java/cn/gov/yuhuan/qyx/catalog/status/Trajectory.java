package cn.gov.yuhuan.qyx.catalog.status;

import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.reference.TrajectoryKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * 时序进度: the share of an indicator's target expected by an as-of date (docs/design.md §5), by the
 * indicator's {@link TrajectoryKind}: LINEAR is the share of the plan year elapsed; HOLD the whole
 * target from the first day; QUARTERS the catalog's quarter-end shares joined by straight lines
 * from 0 at the start of the year; STEPS each quarter-end share from that quarter's end on (a batch
 * lands at once); YEAR_END the whole target, judged only from the deadline (see {@link StatusRules}).
 */
public final class Trajectory {
  private static final MathContext PRECISION = MathContext.DECIMAL64;

  private Trajectory() {}

  /** In 0..1: how much of the way from baseline to target should be done by the end of {@code asOf}. */
  public static BigDecimal expectedShare(IndicatorDefinition indicator, LocalDate asOf) {
    return expectedShare(indicator, Targets.trajectory(indicator), asOf);
  }

  private static BigDecimal expectedShare(IndicatorDefinition indicator, TrajectoryKind kind, LocalDate asOf) {
    LocalDate start = LocalDate.of(indicator.getDeadline().getYear(), 1, 1);
    if (kind == TrajectoryKind.HOLD || kind == TrajectoryKind.YEAR_END) {
      return BigDecimal.ONE;
    }
    if (kind == TrajectoryKind.STEPS) {
      return step(indicator, start, asOf);
    }
    List<LocalDate> ends = new ArrayList<>();
    List<BigDecimal> shares = new ArrayList<>();
    if (kind == TrajectoryKind.LINEAR || indicator.getQuarterFractions().isEmpty()) {
      ends.add(indicator.getDeadline());
      shares.add(BigDecimal.ONE);
    } else {
      for (int quarter = 1; quarter <= 4; quarter++) {
        LocalDate quarterEnd = start.plusMonths(3L * quarter).minusDays(1);
        ends.add(quarter == 4 || quarterEnd.isAfter(indicator.getDeadline()) ? indicator.getDeadline() : quarterEnd);
        shares.add(indicator.getQuarterFractions().get(quarter - 1));
      }
    }
    LocalDate segmentStart = start;
    BigDecimal segmentFrom = BigDecimal.ZERO;
    for (int i = 0; i < ends.size(); i++) {
      LocalDate segmentEnd = ends.get(i);
      if (!asOf.isAfter(segmentEnd)) {
        if (asOf.isBefore(segmentStart)) {
          return segmentFrom;
        }
        // Days count whole: by the end of the as-of day, that day is gone too.
        BigDecimal elapsed = BigDecimal.valueOf(ChronoUnit.DAYS.between(segmentStart, asOf) + 1);
        BigDecimal length = BigDecimal.valueOf(ChronoUnit.DAYS.between(segmentStart, segmentEnd) + 1);
        return segmentFrom.add(shares.get(i).subtract(segmentFrom).multiply(elapsed).divide(length, PRECISION));
      }
      segmentStart = segmentEnd.plusDays(1);
      segmentFrom = shares.get(i);
    }
    return BigDecimal.ONE;
  }

  /** STEPS with nothing before the deadline and everything at it: what the catalog writes AT_DEADLINE. */
  public static boolean dueAtDeadline(IndicatorDefinition indicator) {
    List<BigDecimal> shares = indicator.getQuarterFractions();
    return Targets.trajectory(indicator) == TrajectoryKind.STEPS && shares.size() == 4
        && shares.subList(0, 3).stream().allMatch(s -> s.signum() == 0) && shares.get(3).compareTo(BigDecimal.ONE) == 0;
  }

  /** The share of the last quarter that has ended by {@code asOf} (the deadline ends the fourth), 0 before the first. */
  private static BigDecimal step(IndicatorDefinition indicator, LocalDate start, LocalDate asOf) {
    BigDecimal share = BigDecimal.ZERO;
    for (int quarter = 1; quarter <= indicator.getQuarterFractions().size(); quarter++) {
      LocalDate quarterEnd = start.plusMonths(3L * quarter).minusDays(1);
      LocalDate end = quarter == 4 || quarterEnd.isAfter(indicator.getDeadline()) ? indicator.getDeadline() : quarterEnd;
      if (!asOf.isBefore(end)) {
        share = indicator.getQuarterFractions().get(quarter - 1);
      }
    }
    return share;
  }

  /** The value expected by {@code asOf} on the indicator's own {@link Ramp} (no previous plan year). */
  public static BigDecimal expectedValue(IndicatorDefinition indicator, LocalDate asOf) {
    return expectedValue(indicator, Ramp.of(indicator), asOf);
  }

  /**
   * The value expected by {@code asOf}: start + share × (target − start), at four places. A staged
   * deliverable is expected stage by stage: the stages the line has passed, never a part of one
   * (two of three stages reached in November is on track, not 0.45 of a stage behind).
   */
  public static BigDecimal expectedValue(IndicatorDefinition indicator, Ramp ramp, LocalDate asOf) {
    BigDecimal start = ramp.start();
    BigDecimal expected = start.add(expectedShare(indicator, ramp.trajectory(), asOf).multiply(indicator.getTarget().subtract(start)));
    if (indicator.getKind() == Kind.MILESTONE && !indicator.getStages().isEmpty()) {
      expected = expected.setScale(0, RoundingMode.FLOOR);
    }
    return expected.setScale(4, RoundingMode.HALF_UP);
  }
}
