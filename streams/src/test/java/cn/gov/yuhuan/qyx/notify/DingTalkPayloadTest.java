package cn.gov.yuhuan.qyx.notify;

import static cn.gov.yuhuan.qyx.notify.Alerts.MARCH;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.AlertKind;
import cn.gov.yuhuan.qyx.events.AlertNotice;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DingTalkPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Notice lagging = Alerts.raised("C01", "FGJ", MARCH);
  private final Notice resolved = Alerts.notice("C02", "FGJ", MARCH, AlertNotice.RESOLVED);
  private final Notice overdue = Notice.of(Alerts.lagging("C03", "FGJ", MARCH, AlertNotice.RAISED)
      .setAlertId("C03|KANMEN|OVERDUE|2024-03-31").setAreaCode("KANMEN").setKind(AlertKind.OVERDUE)
      .setActual(null).setGap(null).build()).orElseThrow();

  @Test
  void shouldBeADingTalkMarkdownMessageWithTheUnitAndDateInItsTitle() throws Exception {
    JsonNode body = JSON.readTree(new DingTalkPayload().render(Digest.of("FGJ", MARCH, List.of(lagging, resolved, overdue))));

    assertThat(body.path("msgtype").asText()).isEqualTo("markdown");
    assertThat(body.path("markdown").path("title").asText()).isEqualTo("七优享预警 · 单位 FGJ · 2024-03-31");
    assertThat(body.path("markdown").path("text").asText()).isEqualTo("""
        #### 七优享预警 · 单位 FGJ · 2024-03-31

        新增 2 条，解除 1 条

        - 🔴 新增 滞后 C01 指标 C01：实际 12% / 时序 40.5%（落后 21.3 个百分点）
        - ✅ 解除 滞后 C02 指标 C02：实际 12% / 时序 40.5%
        - 🔴 新增 逾期未报 C03 指标 C03（KANMEN）：实际 未报 / 时序 40.5%
        """);
    assertThat(body.fieldNames()).toIterable().containsExactly("msgtype", "markdown");
  }

  @Test
  void shouldNameTheLineABreachCrossedAFloorUnderItOrACeilingAboveIt() {
    Notice floor = Notice.of(Alerts.lagging("C04", "FGJ", MARCH, AlertNotice.RAISED).setAlertId("C04|CITY|BREACHED|2024-03-31")
        .setKind(AlertKind.BREACHED).setActual(new BigDecimal("96.0000")).setTarget(new BigDecimal("99.0000")).build()).orElseThrow();
    Notice ceiling = Notice.of(Alerts.lagging("C05", "FGJ", MARCH, AlertNotice.RAISED).setAlertId("C05|CITY|BREACHED|2024-03-31")
        .setKind(AlertKind.BREACHED).setActual(new BigDecimal("6.6000")).setTarget(new BigDecimal("6.0000")).build()).orElseThrow();

    assertThat(DingTalkPayload.line(floor)).isEqualTo("- 🔴 新增 超限 C04 指标 C04：实际 96% / 下限 99%");
    assertThat(DingTalkPayload.line(ceiling)).isEqualTo("- 🔴 新增 超限 C05 指标 C05：实际 6.6% / 上限 6%");
  }

  @Test
  void shouldTakeOnlyErrcodeZeroAsDelivered() {
    var payload = new DingTalkPayload();

    assertThat(payload.rejection("{\"errcode\":0,\"errmsg\":\"ok\"}")).isEmpty();
    assertThat(payload.rejection("{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}"))
        .contains("DingTalk errcode 310000: keywords not in content");
    assertThat(payload.rejection("<html>proxy error</html>")).get().asString().startsWith("not a DingTalk answer");
  }
}
