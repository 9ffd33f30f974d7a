package cn.gov.yuhuan.qyx.notify;

import static cn.gov.yuhuan.qyx.notify.Alerts.MARCH;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.AlertNotice;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPayloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Notice raised = Notice.of(Alerts.lagging("C01", "FGJ", MARCH, AlertNotice.RAISED)
      .setActual(new BigDecimal("12.3400"))
      .setExpected(new BigDecimal("0.1000"))
      .setGap(new BigDecimal("123456789012.3456"))   // past a double's exact digits
      .setTarget(new BigDecimal("1E+2"))              // a scale below zero must not come out as 1E+2
      .build()).orElseThrow();
  private final Notice resolved = Alerts.notice("C02", "FGJ", MARCH, AlertNotice.RESOLVED);
  private final Digest digest = Digest.of("FGJ", MARCH, List.of(resolved, raised));

  @Test
  void shouldWriteDecimalsAsJsonNumbersExactly() {
    String body = new String(new JsonPayload().render(digest), StandardCharsets.UTF_8);

    assertThat(body).contains("\"actual\":12.3400", "\"expected\":0.1000", "\"gap\":123456789012.3456", "\"target\":100");
  }

  @Test
  void shouldCarryTheDigestAndEveryNoticeWithIsoDates() throws Exception {
    JsonNode body = JSON.readTree(new JsonPayload().render(digest));

    assertThat(body.path("digest_id").asText()).isEqualTo(digest.id());
    assertThat(body.path("lead_unit").asText()).isEqualTo("FGJ");
    assertThat(body.path("lead_unit_name").asText()).isEqualTo("单位 FGJ");
    assertThat(body.path("as_of").asText()).isEqualTo("2024-03-31");
    assertThat(body.path("counts").path("raised").asInt()).isEqualTo(1);
    assertThat(body.path("counts").path("resolved").asInt()).isEqualTo(1);
    JsonNode first = body.path("notices").get(0);
    assertThat(first.path("notice").asText()).isEqualTo("RAISED");
    assertThat(first.path("notice_id").asText()).isEqualTo("C01|CITY|LAGGING|2024-03-31|RAISED");
    assertThat(first.path("kind").asText()).isEqualTo("LAGGING");
    assertThat(first.path("indicator_id").asText()).isEqualTo("C01");
    assertThat(first.path("indicator_name").asText()).isEqualTo("指标 C01");
    assertThat(first.path("area_code").asText()).isEqualTo("CITY");
    assertThat(first.path("status").asText()).isEqualTo("LAGGING");
    assertThat(first.path("unit").asText()).isEqualTo("%");
    assertThat(first.path("raised_as_of").asText()).isEqualTo("2024-03-31");
    assertThat(first.path("resolved_as_of").isNull()).isTrue();
    assertThat(body.path("notices").get(1).path("resolved_as_of").asText()).isEqualTo("2024-03-31");
    assertThat(body.path("notices")).hasSize(2);
  }
}
