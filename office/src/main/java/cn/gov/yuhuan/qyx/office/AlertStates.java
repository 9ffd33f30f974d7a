package cn.gov.yuhuan.qyx.office;

import java.time.LocalDate;

/** An alert's state on an earlier day than its latest version: firing from the day it was raised until the day it resolved. */
final class AlertStates {
  private AlertStates() {}

  static boolean firingOn(OfficeData.AlertRow alert, LocalDate day) {
    return !alert.raisedAsOf().isAfter(day) && (alert.resolvedAsOf() == null || alert.resolvedAsOf().isAfter(day));
  }

  /** Why nobody is told, in the office's words: {@code silence S1} or {@code inhibited by OVERDUE} as the alerts table says it. */
  static String mutedLabel(String mutedBy) {
    if (mutedBy == null) {
      return null;
    }
    if (mutedBy.startsWith("silence ")) {
      return "已静默（豁免 " + mutedBy.substring("silence ".length()) + "）";
    }
    if (mutedBy.startsWith("inhibited by ")) {
      return "因" + cn.gov.yuhuan.qyx.catalog.status.Status.labelOf(mutedBy.substring("inhibited by ".length())) + "而抑制";
    }
    return mutedBy;
  }
}
