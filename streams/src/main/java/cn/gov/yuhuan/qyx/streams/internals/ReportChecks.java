package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.math.BigDecimal;

/**
 * The checks a report must pass before it is counted. The walking skeleton knows only COUNT
 * indicators, so a value must be present and not negative; the catalog brings the rest.
 */
public final class ReportChecks {
  private ReportChecks() {}

  /** Returns the report if it may be counted, else throws with the reason. */
  public static ProgressReport requireCountable(ProgressReport report) {
    if (report.getRetracted()) {
      return report; // a retraction carries no value
    }
    BigDecimal value = report.getValue();
    if (value == null) {
      throw new RejectedReportException("MISSING_VALUE", "a COUNT report needs a value; event_id=" + report.getEventId());
    }
    if (value.signum() < 0) {
      throw new RejectedReportException("NEGATIVE_COUNT", "value " + value.toPlainString() + " is below zero; event_id=" + report.getEventId());
    }
    return report;
  }
}
