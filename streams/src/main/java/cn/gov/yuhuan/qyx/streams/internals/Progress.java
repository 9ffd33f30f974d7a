package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.PlanYears;
import cn.gov.yuhuan.qyx.catalog.Period;
import cn.gov.yuhuan.qyx.catalog.status.Targets;
import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.GroupProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import cn.gov.yuhuan.qyx.state.AreaState;
import cn.gov.yuhuan.qyx.state.IndicatorState;
import cn.gov.yuhuan.qyx.state.PeriodValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;

/**
 * How each indicator kind turns data values into progress (docs/design.md §4), at the two levels: an area
 * from its periods, the city from its areas; and how indicators add up to a domain or a lead unit.
 */
public final class Progress {
  private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(Decimals.SCALE);
  /** Latest period first: by start, then by end (a longer period ending later wins a tie). */
  private static final Comparator<PeriodValue> LATEST =
      Comparator.comparing(PeriodValue::getPeriodStart).thenComparing(PeriodValue::getPeriodEnd);

  private Progress() {}

  /**
   * COUNT: the sum over periods. LEVEL and MILESTONE: the latest period's value. RATIO: the latest
   * period's numerator / denominator × scale.
   */
  public static AreaProgress ofArea(AreaState state, IndicatorDefinition indicator, Plausibility plausibility) {
    Map<String, PeriodValue> standing = new TreeMap<>();
    state.getPeriods().forEach((period, value) -> {
      if (!value.getRetracted()) {
        standing.put(period, value);
      }
    });
    Optional<Map.Entry<String, PeriodValue>> latest = standing.entrySet().stream().max(Map.Entry.comparingByValue(LATEST));
    List<PeriodValue> inOrder = standing.values().stream().sorted(LATEST).toList();
    BigDecimal actual = ZERO;
    BigDecimal numerator = null;
    BigDecimal denominator = null;
    if (latest.isPresent()) {
      PeriodValue last = latest.get().getValue();
      switch (indicator.getKind()) {
        case COUNT -> actual = standing.values().stream().map(PeriodValue::getValue).reduce(ZERO, BigDecimal::add);
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
        .setPlanYear(PlanYears.of(indicator))
        .setDomain(indicator.getDomain())
        .setLeadUnit(indicator.getLeadUnit())
        .setKind(indicator.getKind())
        .setActual(actual.setScale(Decimals.SCALE, RoundingMode.HALF_UP))
        .setNumerator(numerator)
        .setDenominator(denominator)
        .setLatestPeriod(latest.map(Map.Entry::getKey).orElse(null))
        .setValueCount(standing.size())
        .setFlags(plausibility.areaFlags(inOrder, indicator.getKind()))
        .setVersion(state.getVersion())
        .build();
  }

  public static IndicatorState emptyIndicator(String indicatorId, int planYear) {
    return new IndicatorState(indicatorId, ZERO, ZERO, ZERO, 0, new HashMap<>(), new HashMap<>(), new HashMap<>(), 0L, planYear);
  }

  /**
   * Moves an indicator's sums from an area's old progress to its new one (either may be null: the
   * area had no state yet, or left). Updates {@code totals} in place.
   */
  public static void replaceArea(IndicatorState totals, AreaProgress before, AreaProgress after) {
    if (before != null) {
      changeTotals(before, totals, -1);
    }
    if (after != null) {
      changeTotals(after, totals, 1);
    }
  }

  private static void changeTotals(AreaProgress area, IndicatorState totals, int sign) {
    boolean hasValue = area.getValueCount() > 0;
    if (area.getLatestPeriod() != null) {
      totals.getLatestPeriods().merge(area.getLatestPeriod(), sign, Integer::sum);
      totals.getLatestPeriods().remove(area.getLatestPeriod(), 0);
    }
    for (String flag : area.getFlags()) {
      totals.getFlaggedAreas().merge(flag, sign, Integer::sum);
      totals.getFlaggedAreas().remove(flag, 0);
    }
    totals.setActualSum(plus(totals.getActualSum(), area.getActual(), sign));
    totals.setNumeratorSum(plus(totals.getNumeratorSum(), orZero(area.getNumerator()), sign));
    totals.setDenominatorSum(plus(totals.getDenominatorSum(), orZero(area.getDenominator()), sign));
    totals.setAreaCount(totals.getAreaCount() + (hasValue ? sign : 0));
  }

  /**
   * The city: COUNT, LEVEL, MILESTONE sum their areas (a CITY-only indicator has one); RATIO is
   * Σnumerator / Σdenominator × scale, never an average of the areas' percentages.
   */
  public static IndicatorProgress ofIndicator(IndicatorState totals, IndicatorDefinition indicator) {
    boolean ratio = indicator.getKind() == Kind.RATIO;
    BigDecimal actual = ratio
        ? ratio(totals.getNumeratorSum(), totals.getDenominatorSum(), indicator.getScale())
        : totals.getActualSum().add(countedFrom(indicator));
    // A monitored goal has no target to meet or complete: its rows say how it moves (status, previous, year_ago).
    boolean reported = totals.getAreaCount() > 0;
    boolean judgedByTarget = reported && !Targets.isMonitored(indicator);
    BigDecimal target = indicator.getTarget();
    boolean achieved = judgedByTarget && Targets.met(indicator, actual);
    return IndicatorProgress.newBuilder()
        .setIndicatorId(indicator.getId())
        .setPlanYear(PlanYears.of(indicator))
        .setDomain(indicator.getDomain())
        .setLeadUnit(indicator.getLeadUnit())
        .setJointLeadUnits(indicator.getJointLeadUnits())
        .setKind(indicator.getKind())
        .setActual(actual.setScale(Decimals.SCALE, RoundingMode.HALF_UP))
        .setNumerator(ratio ? totals.getNumeratorSum() : null)
        .setDenominator(ratio ? totals.getDenominatorSum() : null)
        .setAreaCount(totals.getAreaCount())
        .setDirection(indicator.getDirection())
        .setTarget(target)
        .setUnit(indicator.getUnit())
        .setCompletion(judgedByTarget ? Targets.completion(indicator, actual) : ZERO)
        .setAchieved(achieved)
        .setLatestPeriod(latestPeriod(totals.getLatestPeriods().keySet()))
        .setFlags(totals.getFlaggedAreas().entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).sorted().toList())
        .setVersion(totals.getVersion())
        .build();
  }

  /**
   * Where a COUNT's year starts: its baseline, what a 累计 target had done before the plan year
   * (catalog/data/README.md documents it per row); 0 without one. A LEVEL, RATIO or MILESTONE is
   * a figure as of its period, so its baseline is only where the trajectory starts.
   */
  static BigDecimal countedFrom(IndicatorDefinition indicator) {
    return indicator.getKind() == Kind.COUNT && indicator.getBaseline() != null ? indicator.getBaseline() : ZERO;
  }

  /** What a monitored goal's trend is read from: its value in the period before the latest, and in the same period a year before. */
  public record Trend(Optional<BigDecimal> previous, Optional<BigDecimal> yearAgo) {}

  /**
   * A monitored goal's trend inputs, from its city's standing periods this plan year and, if any,
   * the plan year before ({@code yearBefore} may be null).
   */
  public static Trend trendOf(AreaState thisYear, AreaState yearBefore, IndicatorDefinition indicator) {
    List<PeriodValue> periods = standing(thisYear);
    if (periods.isEmpty()) {
      return new Trend(Optional.empty(), Optional.empty());
    }
    PeriodValue latest = periods.get(periods.size() - 1);
    var previous = periods.size() > 1 ? Optional.of(valueOf(periods.get(periods.size() - 2), indicator)) : Optional.<BigDecimal>empty();
    // By its first day: February's end moves with leap years, its start does not.
    LocalDate sameStartAYearBefore = latest.getPeriodStart().minusYears(1);
    var yearAgo = standing(yearBefore).stream().filter(p -> p.getPeriodStart().equals(sameStartAYearBefore)).findFirst()
        .map(p -> valueOf(p, indicator));
    return new Trend(previous, yearAgo);
  }

  private static List<PeriodValue> standing(AreaState state) {
    return state == null ? List.of() : state.getPeriods().values().stream().filter(p -> !p.getRetracted()).sorted(LATEST).toList();
  }

  private static BigDecimal valueOf(PeriodValue period, IndicatorDefinition indicator) {
    BigDecimal value = indicator.getKind() == Kind.RATIO ? ratio(period.getNumerator(), period.getDenominator(), indicator.getScale())
        : period.getValue();
    return value.setScale(Decimals.SCALE, RoundingMode.HALF_UP);
  }

  /**
   * The end of the latest period every area with a report has reached: for a city-wide indicator
   * its latest; for one the townships report, the latest all of them have sent (one township's
   * March report says nothing of the nine still within their grace days). Empty before any report.
   */
  public static Optional<LocalDate> reachedByEveryArea(IndicatorState totals) {
    return totals.getLatestPeriods().keySet().stream()
        .flatMap(p -> Period.parse(p).stream())
        .map(Period::end)
        .min(Comparator.naturalOrder());
  }

  /** The period that ends last (the longer on a tie), or null for none. */
  private static String latestPeriod(Collection<String> periods) {
    return periods.stream()
        .flatMap(p -> Period.parse(p).stream())
        .max(Comparator.comparing(Period::end).thenComparing(Period::start, Comparator.reverseOrder()))
        .map(Period::text)
        .orElse(null);
  }

  public static GroupProgress emptyGroup() {
    return new GroupProgress("", 0, 0, ZERO, 0L, 0);
  }

  public static GroupProgress addIndicator(String group, IndicatorProgress indicator, GroupProgress totals) {
    return changeGroup(group, indicator, totals, 1);
  }

  public static GroupProgress subtractIndicator(String group, IndicatorProgress indicator, GroupProgress totals) {
    return changeGroup(group, indicator, totals, -1);
  }

  /** {@code group}: the {@link PlanKeys#planGroup} key. */
  private static GroupProgress changeGroup(String group, IndicatorProgress indicator, GroupProgress totals, int sign) {
    return new GroupProgress(
        PlanKeys.groupCode(group),
        totals.getReportedIndicators() + (indicator.getAreaCount() > 0 ? sign : 0),
        totals.getAchievedIndicators() + (indicator.getAchieved() ? sign : 0),
        plus(totals.getCompletionSum(), indicator.getCompletion(), sign),
        totals.getVersion() + 1,
        indicator.getPlanYear());
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
