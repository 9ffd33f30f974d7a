package cn.gov.yuhuan.qyx.notify;

import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AlertKind;
import cn.gov.yuhuan.qyx.events.AlertNotice;
import cn.gov.yuhuan.qyx.events.AlertState;
import java.math.BigDecimal;
import java.time.LocalDate;

/** Alert records and their notices as the streams app writes them, for the notifier's tests. */
public final class Alerts {
  public static final LocalDate MARCH = LocalDate.of(2024, 3, 31);
  public static final LocalDate APRIL = LocalDate.of(2024, 4, 30);

  private Alerts() {}

  /** A LAGGING alert of {@code indicator} in the city, raised at {@code asOf}: actual 12.0000 against 40.5000. */
  public static Alert.Builder lagging(String indicator, String leadUnit, LocalDate asOf, AlertNotice notice) {
    return Alert.newBuilder()
        .setAlertId(indicator + "|CITY|LAGGING|" + asOf)
        .setIndicatorId(indicator)
        .setIndicatorName("指标 " + indicator)
        .setAreaCode("CITY")
        .setKind(AlertKind.LAGGING)
        .setDomain("economy")
        .setLeadUnit(leadUnit)
        .setLeadUnitName("单位 " + leadUnit)
        .setState(notice == AlertNotice.RESOLVED ? AlertState.RESOLVED : AlertState.FIRING)
        .setRaisedAsOf(asOf)
        .setResolvedAsOf(notice == AlertNotice.RESOLVED ? asOf : null)
        .setAsOf(asOf)
        .setStatus("LAGGING")
        .setActual(new BigDecimal("12.0000"))
        .setExpected(new BigDecimal("40.5000"))
        .setGap(new BigDecimal("21.3000"))
        .setTarget(new BigDecimal("133.8000"))
        .setUnit("%")
        .setMutedBy(null)
        .setNotice(notice)
        .setVersion(1L);
  }

  static Notice notice(String indicator, String leadUnit, LocalDate asOf, AlertNotice notice) {
    return Notice.of(lagging(indicator, leadUnit, asOf, notice).build()).orElseThrow();
  }

  static Notice raised(String indicator, String leadUnit, LocalDate asOf) {
    return notice(indicator, leadUnit, asOf, AlertNotice.RAISED);
  }
}
