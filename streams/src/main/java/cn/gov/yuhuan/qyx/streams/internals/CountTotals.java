package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import java.math.BigDecimal;

/**
 * Adders and subtractors for COUNT indicators: year-to-date is the sum over periods, the city the
 * sum over areas. Kafka Streams calls the subtractor with a row's old value and the adder with its
 * new one, so a correction or a retraction moves the totals by exactly the difference.
 *
 * <p>Every call raises {@code version}, which ClickHouse's ReplacingMergeTree uses to keep the
 * newest row; it depends only on the input sequence, so a replay gives the same versions.
 */
public final class CountTotals {
  private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(Decimals.SCALE);

  private CountTotals() {}

  public static AreaProgress emptyArea() {
    return new AreaProgress("", "", ZERO, 0, 0L);
  }

  public static AreaProgress addToArea(String key, ProgressReport report, AreaProgress total) {
    return changeArea(report, total, 1);
  }

  public static AreaProgress subtractFromArea(String key, ProgressReport report, AreaProgress total) {
    return changeArea(report, total, -1);
  }

  private static AreaProgress changeArea(ProgressReport report, AreaProgress total, int sign) {
    boolean counts = !report.getRetracted();
    BigDecimal delta = counts ? report.getValue().setScale(Decimals.SCALE) : ZERO;
    return new AreaProgress(
        report.getIndicatorId(),
        report.getAreaCode(),
        sign > 0 ? total.getActual().add(delta) : total.getActual().subtract(delta),
        total.getValueCount() + (counts ? sign : 0),
        total.getVersion() + 1);
  }

  public static IndicatorProgress emptyIndicator() {
    return new IndicatorProgress("", ZERO, 0, 0L);
  }

  public static IndicatorProgress addToIndicator(String key, AreaProgress area, IndicatorProgress total) {
    return changeIndicator(area, total, 1);
  }

  public static IndicatorProgress subtractFromIndicator(String key, AreaProgress area, IndicatorProgress total) {
    return changeIndicator(area, total, -1);
  }

  private static IndicatorProgress changeIndicator(AreaProgress area, IndicatorProgress total, int sign) {
    boolean reported = area.getValueCount() > 0;
    return new IndicatorProgress(
        area.getIndicatorId(),
        sign > 0 ? total.getActual().add(area.getActual()) : total.getActual().subtract(area.getActual()),
        total.getAreaCount() + (reported ? sign : 0),
        total.getVersion() + 1);
  }
}
