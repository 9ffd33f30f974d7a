package cn.gov.yuhuan.qyx.notify;

import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AlertNotice;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;

/**
 * One thing a lead unit is told about one alert: that it was raised, or that it resolved. Its
 * {@link #id()} is the key of the ledger, so the same notice read again (a restart, a replay of the
 * alerts topic) is recognised as sent.
 */
record Notice(
    String id,
    AlertNotice notice,
    String kind,
    String leadUnit,
    String leadUnitName,
    LocalDate asOf,
    String indicatorId,
    String indicatorName,
    String areaCode,
    String status,
    BigDecimal actual,
    BigDecimal expected,
    BigDecimal gap,
    BigDecimal target,
    String unit,
    LocalDate raisedAsOf,
    LocalDate resolvedAsOf) {

  /** The order of notices within a digest: the same notices always make the same message. */
  static final Comparator<Notice> DIGEST_ORDER = Comparator.comparing(Notice::indicatorId)
      .thenComparing(Notice::kind)
      .thenComparing(Notice::notice)
      .thenComparing(Notice::areaCode)
      .thenComparing(Notice::id);

  /** {@code alert_id|notice}, e.g. {@code C01|CITY|LAGGING|2024-03-31|RAISED}. */
  static String idOf(String alertId, AlertNotice notice) {
    return alertId + "|" + notice;
  }

  /** The notice an alert record carries; empty when it carries none ({@code notice = NONE}). */
  static Optional<Notice> of(Alert alert) {
    if (alert.getNotice() != AlertNotice.RAISED && alert.getNotice() != AlertNotice.RESOLVED) {
      return Optional.empty();
    }
    return Optional.of(new Notice(
        idOf(alert.getAlertId(), alert.getNotice()),
        alert.getNotice(),
        alert.getKind().name(),
        alert.getLeadUnit(),
        alert.getLeadUnitName(),
        alert.getAsOf(),
        alert.getIndicatorId(),
        alert.getIndicatorName(),
        alert.getAreaCode(),
        alert.getStatus(),
        alert.getActual(),
        alert.getExpected(),
        alert.getGap(),
        alert.getTarget(),
        alert.getUnit(),
        alert.getRaisedAsOf(),
        alert.getResolvedAsOf()));
  }
}
