package cn.gov.yuhuan.qyx.notify;

import cn.gov.yuhuan.qyx.catalog.status.Status;
import cn.gov.yuhuan.qyx.events.AlertNotice;
import cn.gov.yuhuan.qyx.streams.status.AlertTracks;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A DingTalk custom robot's markdown message, for the lead unit's group chat. The title starts
 * with 七优享预警, which can serve as the robot's security keyword.
 */
final class DingTalkPayload extends DigestPayload {
  record Body(String msgtype, Markdown markdown) {}

  record Markdown(String title, String text) {}

  @Override
  Body body(Digest digest) {
    String title = "七优享预警 · " + digest.leadUnitName() + " · " + digest.asOf();
    var text = new StringBuilder("#### ").append(title).append("\n\n");
    text.append("新增 ").append(digest.count(AlertNotice.RAISED)).append(" 条，解除 ")
        .append(digest.count(AlertNotice.RESOLVED)).append(" 条\n\n");
    for (Notice n : digest.notices()) {
      text.append(line(n)).append('\n');
    }
    return new Body("markdown", new Markdown(title, text.toString()));
  }

  /** E.g. {@code - 🔴 新增 滞后 C01 名称：实际 12% / 时序 40.5%（落后 21.3 个百分点）}. */
  static String line(Notice n) {
    var line = new StringBuilder(n.notice() == AlertNotice.RAISED ? "- 🔴 新增 " : "- ✅ 解除 ")
        .append("UNKNOWN".equals(n.kind()) ? "预警" : Status.labelOf(n.kind())).append(' ')
        .append(n.indicatorId()).append(' ').append(n.indicatorName());
    if (!AlertTracks.CITY.equals(n.areaCode())) {
      line.append('（').append(n.areaCode()).append('）');
    }
    line.append("：实际 ").append(value(n.actual(), n.unit()));
    if ("BREACHED".equals(n.kind())) {
      // A line held all year: a ceiling crossed from below it, or a floor fallen under.
      boolean floor = n.actual() != null && n.target() != null && n.actual().compareTo(n.target()) < 0;
      line.append(floor ? " / 下限 " : " / 上限 ").append(value(n.target(), n.unit()));
    } else {
      line.append(" / 时序 ").append(value(n.expected(), n.unit()));
    }
    if ("LAGGING".equals(n.kind()) && n.notice() == AlertNotice.RAISED && n.gap() != null) {
      line.append("（落后 ").append(number(n.gap())).append(" 个百分点）");
    }
    return line.toString();
  }

  private static String value(BigDecimal value, String unit) {
    return value == null ? "未报" : number(value) + (unit == null ? "" : unit);
  }

  // Exact and short for people: 12.5000 reads 12.5, never 1.25E+1.
  private static String number(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /** DingTalk answers 200 with {@code {"errcode":310000,"errmsg":"..."}} when it refuses a message. */
  @Override
  Optional<String> rejection(String responseBody) {
    try {
      JsonNode answer = MAPPER.readTree(responseBody);
      int errcode = answer.path("errcode").asInt(-1);
      return errcode == 0 ? Optional.empty()
          : Optional.of("DingTalk errcode " + answer.path("errcode") + ": " + answer.path("errmsg").asText(""));
    } catch (JsonProcessingException e) {
      return Optional.of("not a DingTalk answer: " + Webhook.abbreviate(responseBody));
    }
  }
}
