package cn.gov.yuhuan.qyx.office;

import java.time.LocalDate;

/** An alert's state on an earlier day than its latest version: firing from the day it was raised until the day it resolved. */
final class AlertStates {
  private AlertStates() {}

  static boolean firingOn(OfficeData.AlertRow alert, LocalDate day) {
    return !alert.raisedAsOf().isAfter(day) && (alert.resolvedAsOf() == null || alert.resolvedAsOf().isAfter(day));
  }
}
