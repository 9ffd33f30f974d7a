package cn.gov.yuhuan.qyx.catalog.status;

import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.Firmness;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.TrajectoryKind;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a target of the plan asks, as its wording states it: the one home of "met" (以上, 以内, 超,
 * 2-5个) and of how complete a value is, used by the status rules and by every progress row.
 */
public final class Targets {
  private Targets() {}

  /** Whether {@code actual} meets the target: at or above it, at or below a ceiling, above it for 超, within a range. */
  public static boolean met(IndicatorDefinition indicator, BigDecimal actual) {
    BigDecimal target = indicator.getTarget();
    return switch (indicator.getDirection()) {
      case AT_MOST -> actual.compareTo(target) <= 0;
      case MORE_THAN -> actual.compareTo(target) > 0;
      case BETWEEN -> actual.compareTo(low(indicator)) >= 0 && actual.compareTo(target) <= 0;
      default -> actual.compareTo(target) >= 0;
    };
  }

  /**
   * In 0..1: how much of the target is reached (1 once met), or how well a ceiling is kept (target ÷
   * actual above it); a range counts from its nearer end.
   */
  public static BigDecimal completion(IndicatorDefinition indicator, BigDecimal actual) {
    BigDecimal target = indicator.getTarget();
    if (met(indicator, actual)) {
      return BigDecimal.ONE.setScale(Decimals.SCALE);
    }
    return switch (indicator.getDirection()) {
      case AT_MOST -> share(target, actual);
      case BETWEEN -> actual.compareTo(target) > 0 ? share(target, actual) : share(actual, low(indicator));
      // MORE_THAN at exactly the target is not met, but as complete as a value can be short of it.
      default -> actual.compareTo(target) >= 0 ? BigDecimal.ONE.setScale(Decimals.SCALE) : share(actual, target);
    };
  }

  /** A ceiling or a year figure may be above its target before the deadline; for a ceiling held all year that is BREACHED. */
  public static boolean isCeiling(IndicatorDefinition indicator) {
    return indicator.getDirection() == Direction.AT_MOST;
  }

  /**
   * The trajectory; records from before the field read as the catalog wrote them then, and a
   * ceiling is held all year unless it is a year figure (a ceiling that ramps up means nothing).
   */
  public static TrajectoryKind trajectory(IndicatorDefinition indicator) {
    TrajectoryKind kind = indicator.getTrajectory();
    if (kind == null || kind == TrajectoryKind.UNKNOWN) {
      kind = indicator.getQuarterFractions().isEmpty() ? TrajectoryKind.LINEAR : TrajectoryKind.QUARTERS;
    }
    if (isCeiling(indicator) && kind != TrajectoryKind.YEAR_END && kind != TrajectoryKind.MONITORED) {
      return TrajectoryKind.HOLD;
    }
    return kind;
  }

  /** A goal stated by direction only (提升, 提高, 减少): no target, judged by its trend. */
  public static boolean isMonitored(IndicatorDefinition indicator) {
    return indicator.getTrajectory() == TrajectoryKind.MONITORED;
  }

  /** 力争, 争创, 争取, 努力: an aim, not a firm commitment. */
  public static boolean isStretch(IndicatorDefinition indicator) {
    return indicator.getFirmness() == Firmness.STRETCH;
  }

  private static BigDecimal low(IndicatorDefinition indicator) {
    return indicator.getTargetLow() != null ? indicator.getTargetLow() : indicator.getTarget();
  }

  private static BigDecimal share(BigDecimal part, BigDecimal whole) {
    if (whole.signum() == 0) {
      return BigDecimal.ONE.setScale(Decimals.SCALE);
    }
    return part.divide(whole, Decimals.SCALE, RoundingMode.HALF_UP).min(BigDecimal.ONE).max(BigDecimal.ZERO);
  }
}
