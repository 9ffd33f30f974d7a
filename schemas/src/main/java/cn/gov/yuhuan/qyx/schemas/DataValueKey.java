package cn.gov.yuhuan.qyx.schemas;

import cn.gov.yuhuan.qyx.events.ProgressReport;

/**
 * The key of a data value, {@code indicator_id|area_code|period}, and of its derived rows. One
 * place builds these strings so producers, the topology and the sink agree on them.
 */
public final class DataValueKey {
  private static final String SEPARATOR = "|";

  private DataValueKey() {}

  /** {@code indicator_id|area_code|period}: the key of a progress report. */
  public static String of(ProgressReport report) {
    return of(report.getIndicatorId(), report.getAreaCode(), report.getPeriod());
  }

  public static String of(String indicatorId, String areaCode, String period) {
    return indicatorId + SEPARATOR + areaCode + SEPARATOR + period;
  }

  /** {@code indicator_id|area_code}: the key of an area progress row. */
  public static String indicatorArea(String indicatorId, String areaCode) {
    return indicatorId + SEPARATOR + areaCode;
  }
}
