package cn.gov.yuhuan.qyx.producers.importer;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.events.ProgressReport;

/** The column to point the clerk at for each of the pipeline's reasons. */
final class RejectionFields {
  private RejectionFields() {}

  static String field(RejectReason reason, String detail, ProgressReport report) {
    return switch (reason) {
      case UNKNOWN_INDICATOR -> ImportColumn.INDICATOR_ID.header();
      case UNKNOWN_AREA, AREA_NOT_IN_SCOPE -> ImportColumn.AREA_CODE.header();
      case UNKNOWN_UNIT, UNIT_NOT_RESPONSIBLE -> ImportColumn.REPORTING_UNIT.header();
      case BAD_PERIOD, PERIOD_OUTSIDE_PLAN, PERIOD_IN_FUTURE -> ImportColumn.PERIOD.header();
      case ZERO_DENOMINATOR -> ImportColumn.DENOMINATOR.header();
      case NUMERATOR_ABOVE_DENOMINATOR -> ImportColumn.NUMERATOR.header();
      case MISSING_VALUE, NEGATIVE_VALUE, PERCENT_ABOVE_100, BAD_MILESTONE_VALUE ->
          report.getValue() != null || report.getNumerator() == null ? ImportColumn.VALUE.header() : ImportColumn.NUMERATOR.header();
      // The rules name the blank field first in their detail ("event_id is blank").
      case MISSING_FIELD -> detail.split(" ", 2)[0];
      default -> "";
    };
  }
}
