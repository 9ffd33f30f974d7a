package cn.gov.yuhuan.qyx.notify;

import cn.gov.yuhuan.qyx.events.AlertNotice;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** The digest as it is, for a receiver of our own: field names as in the Alert schema, dates ISO. */
final class JsonPayload extends DigestPayload {

  record Body(
      String digestId,
      String leadUnit,
      String leadUnitName,
      String asOf,
      Counts counts,
      List<Item> notices) {}

  record Counts(long raised, long resolved) {}

  record Item(
      String noticeId,
      String notice,
      String kind,
      String indicatorId,
      String indicatorName,
      String areaCode,
      String status,
      BigDecimal actual,
      BigDecimal expected,
      BigDecimal gap,
      BigDecimal target,
      String unit,
      String raisedAsOf,
      String resolvedAsOf) {}

  @Override
  Body body(Digest digest) {
    return new Body(digest.id(), digest.leadUnit(), digest.leadUnitName(), iso(digest.asOf()),
        new Counts(digest.count(AlertNotice.RAISED), digest.count(AlertNotice.RESOLVED)),
        digest.notices().stream().map(JsonPayload::item).toList());
  }

  private static Item item(Notice n) {
    return new Item(n.id(), n.notice().name(), n.kind(), n.indicatorId(), n.indicatorName(), n.areaCode(), n.status(),
        n.actual(), n.expected(), n.gap(), n.target(), n.unit(), iso(n.raisedAsOf()), iso(n.resolvedAsOf()));
  }

  // Strings rather than LocalDate: plain databind has no java.time module, and ISO is what we want.
  private static String iso(LocalDate date) {
    return Objects.toString(date, null);
  }
}
