package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.status.Trajectory;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.state.PeriodValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The plausibility flags of docs/design.md §5 (盲目拼指标): figures that may be chased rather than earned.
 * They are shown beside the status for an analyst to look at, and change nothing else.
 *
 * @param jumpFactor an area's latest period is a JUMP when above this many times its largest
 *     earlier period, or below its smallest divided by this
 * @param denominatorShift a RATIO's latest denominator moving by more than this share of the
 *     previous period's is a DENOMINATOR_SHIFT
 */
public record Plausibility(BigDecimal jumpFactor, BigDecimal denominatorShift) {
  /** A value landing exactly on the annual target, or on the quarter's 时序进度 figure, at a quarter end. */
  public static final String ON_TARGET_AT_QUARTER_END = "ON_TARGET_AT_QUARTER_END";
  /** An area's latest period far outside its earlier ones. */
  public static final String JUMP = "JUMP";
  /** An area's RATIO denominator moved sharply from the previous period. */
  public static final String DENOMINATOR_SHIFT = "DENOMINATOR_SHIFT";

  /** Earlier periods needed before a JUMP can be judged: one earlier figure is no history. */
  private static final int JUMP_HISTORY = 2;

  /** The office's words for a flag (the dashboard, its exports); an unknown flag as it is. */
  public static String label(String flag) {
    return switch (flag) {
      case ON_TARGET_AT_QUARTER_END -> "季末恰好达标";
      case JUMP -> "数值突变";
      case DENOMINATOR_SHIFT -> "分母突变";
      default -> flag;
    };
  }

  public static Plausibility defaults() {
    return new Plausibility(BigDecimal.valueOf(3), new BigDecimal("0.2"));
  }

  /** @param periods an area's periods, earliest first */
  public List<String> areaFlags(List<PeriodValue> periods, Kind kind) {
    List<String> flags = new ArrayList<>();
    if (periods.size() > JUMP_HISTORY && isJump(periods.stream().map(p -> figure(p, kind)).toList())) {
      flags.add(JUMP);
    }
    if (kind == Kind.RATIO && periods.size() >= 2 && isDenominatorShift(periods.get(periods.size() - 2), periods.get(periods.size() - 1))) {
      flags.add(DENOMINATOR_SHIFT);
    }
    return flags;
  }

  private boolean isJump(List<BigDecimal> figures) {
    if (figures.contains(null)) {
      return false;
    }
    BigDecimal latest = figures.get(figures.size() - 1);
    List<BigDecimal> earlier = figures.subList(0, figures.size() - 1);
    BigDecimal largest = earlier.stream().max(BigDecimal::compareTo).orElseThrow();
    BigDecimal smallest = earlier.stream().min(BigDecimal::compareTo).orElseThrow();
    boolean up = largest.signum() > 0 && latest.compareTo(largest.multiply(jumpFactor)) > 0;
    boolean down = smallest.signum() > 0 && latest.multiply(jumpFactor).compareTo(smallest) < 0;
    return up || down;
  }

  private boolean isDenominatorShift(PeriodValue previous, PeriodValue latest) {
    BigDecimal before = previous.getDenominator();
    BigDecimal now = latest.getDenominator();
    if (before == null || now == null || before.signum() <= 0) {
      return false;
    }
    return now.subtract(before).abs().compareTo(before.multiply(denominatorShift)) > 0;
  }

  /** The period's own figure: its value, or numerator / denominator for a RATIO. */
  private static BigDecimal figure(PeriodValue period, Kind kind) {
    if (kind != Kind.RATIO) {
      return period.getValue();
    }
    if (period.getNumerator() == null || period.getDenominator() == null || period.getDenominator().signum() == 0) {
      return null;
    }
    return period.getNumerator().divide(period.getDenominator(), MathContext.DECIMAL64);
  }

  /**
   * True when the city figure of a period ending on a quarter end is exactly the annual target, or
   * exactly the 时序进度 figure for that day (rounded to the figure's own decimals).
   */
  public static boolean onTargetAtQuarterEnd(IndicatorDefinition indicator, BigDecimal actual, LocalDate periodEnd) {
    if (!isQuarterEnd(periodEnd) || actual.signum() == 0) {
      return false;
    }
    if (actual.compareTo(indicator.getTarget()) == 0) {
      return true;
    }
    BigDecimal expected = Trajectory.expectedValue(indicator, periodEnd);
    int places = Math.max(0, actual.stripTrailingZeros().scale());
    return actual.compareTo(expected.setScale(places, RoundingMode.HALF_UP)) == 0;
  }

  private static boolean isQuarterEnd(LocalDate day) {
    return day.getMonthValue() % 3 == 0 && day.equals(day.withDayOfMonth(day.lengthOfMonth()));
  }
}
