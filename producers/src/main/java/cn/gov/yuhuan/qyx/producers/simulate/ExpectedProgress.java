package cn.gov.yuhuan.qyx.producers.simulate;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.Period;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The city-wide {@code actual} the pipeline must show for each indicator once the good reports have
 * landed, by the rules of docs/design.md §3–§4 as the streams app applies them: the standing revision of
 * each data value (highest revision, then latest reported_at, then greatest event id; a retraction
 * removes the value), then per area COUNT sums its periods and LEVEL, MILESTONE and RATIO take the
 * latest period; the city sums its areas, a RATIO as Σnumerator / Σdenominator × scale.
 */
final class ExpectedProgress {
  private static final Comparator<ProgressReport> PRECEDENCE = Comparator.comparingInt(ProgressReport::getRevision)
      .thenComparing(ProgressReport::getReportedAt)
      .thenComparing(ProgressReport::getEventId);
  private static final Comparator<Period> LATEST = Comparator.comparing(Period::start).thenComparing(Period::end);

  private ExpectedProgress() {}

  /** Per indicator with at least one good report, its actual at four decimals. */
  static SortedMap<String, BigDecimal> of(Catalog catalog, int planYear, List<Send> sends) {
    Map<String, ProgressReport> standing = new HashMap<>();
    for (Send send : sends) {
      if (send instanceof Send.Good good) {
        ProgressReport r = good.report();
        standing.merge(r.getIndicatorId() + "|" + r.getAreaCode() + "|" + r.getPeriod(), r,
            (current, arriving) -> PRECEDENCE.compare(arriving, current) > 0 ? arriving : current);
      }
    }
    // indicator → area → the standing, unretracted reports of its periods
    Map<String, Map<String, List<ProgressReport>>> byArea = new TreeMap<>();
    for (ProgressReport r : standing.values()) {
      List<ProgressReport> periods = byArea.computeIfAbsent(r.getIndicatorId(), k -> new TreeMap<>())
          .computeIfAbsent(r.getAreaCode(), k -> new java.util.ArrayList<>());
      if (!r.getRetracted()) {
        periods.add(r);
      }
    }
    SortedMap<String, BigDecimal> actuals = new TreeMap<>();
    byArea.forEach((id, areas) -> actuals.put(id, city(catalog.indicator(id, planYear, null).orElseThrow(), areas)));
    return Collections.unmodifiableSortedMap(actuals);
  }

  private static BigDecimal city(IndicatorDefinition indicator, Map<String, List<ProgressReport>> areas) {
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal numerators = BigDecimal.ZERO;
    BigDecimal denominators = BigDecimal.ZERO;
    for (List<ProgressReport> periods : areas.values()) {
      if (periods.isEmpty()) {
        continue; // every value retracted: the area shows 0 and adds nothing
      }
      ProgressReport latest = Collections.max(periods, Comparator.comparing(r -> Period.parse(r.getPeriod()).orElseThrow(), LATEST));
      switch (indicator.getKind()) {
        case COUNT -> sum = sum.add(periods.stream().map(ProgressReport::getValue).reduce(BigDecimal.ZERO, BigDecimal::add));
        case RATIO -> {
          numerators = numerators.add(latest.getNumerator());
          denominators = denominators.add(latest.getDenominator());
        }
        default -> sum = sum.add(latest.getValue());
      }
    }
    if (indicator.getKind() != Kind.RATIO) {
      return sum.setScale(Decimals.SCALE, RoundingMode.HALF_UP);
    }
    if (denominators.signum() == 0) {
      return BigDecimal.ZERO.setScale(Decimals.SCALE);
    }
    BigDecimal scale = indicator.getScale() == null ? BigDecimal.ONE : indicator.getScale();
    return numerators.multiply(scale).divide(denominators, Decimals.SCALE, RoundingMode.HALF_UP);
  }
}
