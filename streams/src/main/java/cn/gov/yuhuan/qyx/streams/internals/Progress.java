package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.Period;
import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.GroupProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import cn.gov.yuhuan.qyx.state.AreaState;
import cn.gov.yuhuan.qyx.state.IndicatorTotals;
import cn.gov.yuhuan.qyx.state.PeriodValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;

/**
 * How each indicator kind turns data values into progress (DESIGN §4), at the two levels: an area
 * from its periods, the city from its areas; and how indicators add up to a domain or a lead unit.
 */
public final class Progress {
  private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(Decimals.SCALE);
  private static final BigDecimal ONE = BigDecimal.ONE.setScale(Decimals.SCALE);
  /** Latest period first: by start, then by end (a longer period ending later wins a tie). */
  private static final Comparator<PeriodValue> LATEST =
      Comparator.comparing(PeriodValue::getPeriodStart).thenComparing(PeriodValue::getPeriodEnd);

  private Progress() {}

  /**
   * COUNT: the sum over periods. LEVEL and MILESTONE: the latest period's value. RATIO: the latest
   * period's numerator / denominator × scale.
   */
  public static AreaProgress ofArea(AreaState state, IndicatorDefinition indicator, Plausibility plausibility) {
    Optional<Map.Entry<String, PeriodValue>> latest =
        state.getPeriods().entrySet().stream().max(Map.Entry.comparingByValue(LATEST));
    List<PeriodValue> inOrder = state.getPeriods().values().stream().sorted(LATEST).toList();
    BigDecimal actual = ZERO;
    BigDecimal numerator = null;
    BigDecimal denominator = null;
    if (latest.isPresent()) {
      PeriodValue last = latest.get().getValue();
      switch (indicator.getKind()) {
        case COUNT -> actual = state.getPeriods().values().stream().map(PeriodValue::getValue).reduce(ZERO, BigDecimal::add);
        case RATIO -> {
          numerator = last.getNumerator();
          denominator = last.getDenominator();
          actual = ratio(numerator, denominator, indicator.getScale());
        }
        default -> actual = last.getValue();
      }
    }
    return AreaProgress.newBuilder()
        .setIndicatorId(state.getIndicatorId())
        .setAreaCode(state.getAreaCode())
        .setDomain(indicator.getDomain())
        .setLeadUnit(indicator.getLeadUnit())
        .setKind(indicator.getKind())
        .setActual(actual.setScale(Decimals.SCALE, RoundingMode.HALF_UP))
        .setNumerator(numerator)
        .setDenominator(denominator)
        .setLatestPeriod(latest.map(Map.Entry::getKey).orElse(null))
        .setValueCount(state.getPeriods().size())
        .setFlags(plausibility.areaFlags(inOrder, indicator.getKind()))
        .setVersion(state.getVersion())
        .build();
  }

  public static IndicatorTotals emptyTotals() {
    return new IndicatorTotals("", ZERO, ZERO, ZERO, 0, Map.of(), Map.of(), 0L);
  }

  public static IndicatorTotals addArea(String key, AreaProgress area, IndicatorTotals totals) {
    return changeTotals(area, totals, 1);
  }

  public static IndicatorTotals subtractArea(String key, AreaProgress area, IndicatorTotals totals) {
    return changeTotals(area, totals, -1);
  }

  private static IndicatorTotals changeTotals(AreaProgress area, IndicatorTotals totals, int sign) {
    boolean hasValue = area.getValueCount() > 0;
    Map<String, String> latestPeriods = new TreeMap<>(totals.getLatestPeriods());
    if (sign > 0 && area.getLatestPeriod() != null) {
      latestPeriods.put(area.getAreaCode(), area.getLatestPeriod());
    } else if (sign < 0) {
      // Only the value being taken back: the old and new value of an area may come in either order.
      latestPeriods.remove(area.getAreaCode(), area.getLatestPeriod());
    }
    Map<String, Integer> flagged = new TreeMap<>(totals.getFlaggedAreas());
    for (String flag : area.getFlags()) {
      flagged.merge(flag, sign, Integer::sum);
      flagged.remove(flag, 0);
    }
    return new IndicatorTotals(
        area.getIndicatorId(),
        plus(totals.getActualSum(), area.getActual(), sign),
        plus(totals.getNumeratorSum(), orZero(area.getNumerator()), sign),
        plus(totals.getDenominatorSum(), orZero(area.getDenominator()), sign),
        totals.getAreaCount() + (hasValue ? sign : 0),
        latestPeriods,
        flagged,
        totals.getVersion() + 1);
  }

  /**
   * The city: COUNT, LEVEL, MILESTONE sum their areas (a CITY-only indicator has one); RATIO is
   * Σnumerator / Σdenominator × scale, never an average of the areas' percentages.
   */
  public static IndicatorProgress ofIndicator(IndicatorTotals totals, IndicatorDefinition indicator) {
    boolean ratio = indicator.getKind() == Kind.RATIO;
    BigDecimal actual = ratio
        ? ratio(totals.getNumeratorSum(), totals.getDenominatorSum(), indicator.getScale())
        : totals.getActualSum();
    boolean reported = totals.getAreaCount() > 0;
    BigDecimal target = indicator.getTarget();
    boolean atMost = indicator.getDirection() == Direction.AT_MOST;
    boolean achieved = reported && (atMost ? actual.compareTo(target) <= 0 : actual.compareTo(target) >= 0);
    return IndicatorProgress.newBuilder()
        .setIndicatorId(indicator.getId())
        .setDomain(indicator.getDomain())
        .setLeadUnit(indicator.getLeadUnit())
        .setKind(indicator.getKind())
        .setActual(actual.setScale(Decimals.SCALE, RoundingMode.HALF_UP))
        .setNumerator(ratio ? totals.getNumeratorSum() : null)
        .setDenominator(ratio ? totals.getDenominatorSum() : null)
        .setAreaCount(totals.getAreaCount())
        .setDirection(indicator.getDirection())
        .setTarget(target)
        .setUnit(indicator.getUnit())
        .setCompletion(reported ? completion(actual, target, atMost) : ZERO)
        .setAchieved(achieved)
        .setLatestPeriod(latestPeriod(totals.getLatestPeriods().values()))
        .setFlags(totals.getFlaggedAreas().entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList())
        .setVersion(totals.getVersion())
        .build();
  }

  /** The period that ends last (the longer on a tie), or null for none. */
  private static String latestPeriod(Collection<String> periods) {
    return periods.stream()
        .flatMap(p -> Period.parse(p).stream())
        .max(Comparator.comparing(Period::end).thenComparing(Period::start, Comparator.reverseOrder()))
        .map(Period::text)
        .orElse(null);
  }

  /** In 0..1: how much of the target is reached, or how well a ceiling is kept. */
  static BigDecimal completion(BigDecimal actual, BigDecimal target, boolean atMost) {
    if (atMost) {
      return actual.compareTo(target) <= 0 ? ONE : target.divide(actual, Decimals.SCALE, RoundingMode.HALF_UP);
    }
    if (target.signum() == 0 || actual.compareTo(target) >= 0) {
      return ONE;
    }
    return actual.divide(target, Decimals.SCALE, RoundingMode.HALF_UP);
  }

  public static GroupProgress emptyGroup() {
    return new GroupProgress("", 0, 0, ZERO, 0L);
  }

  public static GroupProgress addIndicator(String group, IndicatorProgress indicator, GroupProgress totals) {
    return changeGroup(group, indicator, totals, 1);
  }

  public static GroupProgress subtractIndicator(String group, IndicatorProgress indicator, GroupProgress totals) {
    return changeGroup(group, indicator, totals, -1);
  }

  private static GroupProgress changeGroup(String group, IndicatorProgress indicator, GroupProgress totals, int sign) {
    return new GroupProgress(
        group,
        totals.getReportedIndicators() + (indicator.getAreaCount() > 0 ? sign : 0),
        totals.getAchievedIndicators() + (indicator.getAchieved() ? sign : 0),
        plus(totals.getCompletionSum(), indicator.getCompletion(), sign),
        totals.getVersion() + 1);
  }

  private static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator, BigDecimal scale) {
    if (numerator == null || denominator == null || denominator.signum() == 0) {
      return ZERO;
    }
    BigDecimal factor = scale == null ? BigDecimal.ONE : scale;
    return numerator.multiply(factor).divide(denominator, Decimals.SCALE, RoundingMode.HALF_UP);
  }

  private static BigDecimal plus(BigDecimal a, BigDecimal b, int sign) {
    return (sign > 0 ? a.add(b) : a.subtract(b)).setScale(Decimals.SCALE, RoundingMode.HALF_UP);
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? ZERO : value;
  }
}
