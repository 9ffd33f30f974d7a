package cn.gov.yuhuan.qyx.catalog.status;

import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.reference.Measure;
import cn.gov.yuhuan.qyx.reference.TrajectoryKind;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The line an indicator is expected to follow through its plan year: the trajectory it is judged
 * by and the value that line starts from on 1 January (docs/design.md §4).
 *
 * <p>An accumulation (every COUNT, and a LEVEL or RATIO built up within the year) starts from its
 * baseline, or 0. A level (a stock or a share that stands before January) is not rebuilt from zero
 * each year: it starts from the row's baseline when the office sets one, else from the previous
 * plan year's final actual of the same indicator; with neither it has no start, and a ramp from
 * nothing would call an honest 92% "on track" at a 97% target in spring, so it is judged as a year
 * figure instead (shown against the target, at most AT_RISK while short, decided at the deadline).
 *
 * @param trajectory how much of the way from {@code start} to the target is expected by a date
 * @param start the value expected on 1 January
 */
public record Ramp(TrajectoryKind trajectory, BigDecimal start) {

  /** The ramp of an indicator whose previous plan year is unknown or absent. */
  public static Ramp of(IndicatorDefinition indicator) {
    return of(indicator, Optional.empty());
  }

  /** @param previousYearFinal the same indicator's final actual in the plan year before, if the catalog had it and it was reported */
  public static Ramp of(IndicatorDefinition indicator, Optional<BigDecimal> previousYearFinal) {
    TrajectoryKind trajectory = Targets.trajectory(indicator);
    if (indicator.getBaseline() != null) {
      return new Ramp(trajectory, indicator.getBaseline());
    }
    if (isLevel(indicator) && ramps(trajectory)) {
      return previousYearFinal.map(last -> new Ramp(trajectory, last))
          .orElseGet(() -> new Ramp(TrajectoryKind.YEAR_END, BigDecimal.ZERO));
    }
    return new Ramp(trajectory, BigDecimal.ZERO);
  }

  /** A stock or share standing before January: a LEVEL or RATIO whose catalog row says {@code LEVEL}. */
  public static boolean isLevel(IndicatorDefinition indicator) {
    return indicator.getMeasure() == Measure.LEVEL && (indicator.getKind() == Kind.LEVEL || indicator.getKind() == Kind.RATIO);
  }

  /** Whether a trajectory climbs through the year from a start (as HOLD and YEAR_END do not). */
  public static boolean ramps(TrajectoryKind trajectory) {
    return trajectory == TrajectoryKind.LINEAR || trajectory == TrajectoryKind.QUARTERS || trajectory == TrajectoryKind.STEPS;
  }
}
