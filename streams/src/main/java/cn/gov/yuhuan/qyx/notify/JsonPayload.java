package cn.gov.yuhuan.qyx.notify;

import cn.gov.yuhuan.qyx.events.AlertNotice;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** The digest as it is, for a receiver of our own: field names as in the Alert schema, dates ISO. */
final class JsonPayload extends DigestPayload {

  record Body(
      @JsonProperty("digest_id") String digestId,
      @JsonProperty("lead_unit") String leadUnit,
      @JsonProperty("lead_unit_name") String leadUnitName,
      @JsonProperty("as_of") String asOf,
      @JsonProperty("counts") Counts counts,
      @JsonProperty("notices") List<Item> notices) {}

  record Counts(@JsonProperty("raised") long raised, @JsonProperty("resolved") long resolved) {}

  record Item(
      @JsonProperty("notice_id") String noticeId,
      @JsonProperty("notice") String notice,
      @JsonProperty("kind") String kind,
      @JsonProperty("indicator_id") String indicatorId,
      @JsonProperty("indicator_name") String indicatorName,
      @JsonProperty("area_code") String areaCode,
      @JsonProperty("status") String status,
      @JsonProperty("actual") BigDecimal actual,
      @JsonProperty("expected") BigDecimal expected,
      @JsonProperty("gap") BigDecimal gap,
      @JsonProperty("target") BigDecimal target,
      @JsonProperty("unit") String unit,
      @JsonProperty("raised_as_of") String raisedAsOf,
      @JsonProperty("resolved_as_of") String resolvedAsOf) {}

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
