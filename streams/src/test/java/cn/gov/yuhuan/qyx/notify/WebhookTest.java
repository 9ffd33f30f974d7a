package cn.gov.yuhuan.qyx.notify;

import static cn.gov.yuhuan.qyx.notify.Alerts.MARCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Digest digest = Digest.of("FGJ", MARCH, List.of(Alerts.raised("C01", "FGJ", MARCH)));
  private WebhookReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = WebhookReceiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void shouldPostTheDigestAsUtf8JsonWithItsIdAsIdempotencyKey() throws Exception {
    unsigned(new JsonPayload()).post(digest);

    assertThat(receiver.requests()).singleElement().satisfies(request -> {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.contentType()).isEqualTo("application/json; charset=utf-8");
      assertThat(request.idempotencyKey()).isEqualTo(digest.id());
      assertThat(JSON.readTree(request.body()).path("notices").get(0).path("indicator_name").asText()).isEqualTo("指标 C01");
    });
  }

  @Test
  void shouldSignEveryCallToADingTalkRobotWithTimestampAndSign() throws Exception {
    var at = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(1_700_000_000_000L), java.time.ZoneOffset.UTC);
    new Webhook(receiver.url(), new JsonPayload(), "SEC0123456789abcdef", at).post(digest); // the receiver's URL has ?access_token=secret

    // The sign as Python's hmac/base64/quote_plus compute it for this secret and timestamp (DingTalk's own recipe).
    assertThat(receiver.requests()).singleElement().extracting(WebhookReceiver.Request::query)
        .isEqualTo("access_token=secret&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D");
  }

  @Test
  void shouldSendUnsignedWithoutASecret() throws Exception {
    unsigned(new JsonPayload()).post(digest);

    assertThat(receiver.requests()).singleElement().extracting(WebhookReceiver.Request::query).isEqualTo("access_token=secret");
  }

  @Test
  void shouldFailOnAnAnswerThatIsNot2xx() {
    receiver.answer(503, "busy");

    assertThatThrownBy(() -> unsigned(new JsonPayload()).post(digest))
        .isInstanceOf(Webhook.FailedException.class).hasMessage("HTTP 503: busy");
  }

  @Test
  void shouldTakeAny2xxAsDeliveredForJson() throws Exception {
    receiver.answer(204, "");

    unsigned(new JsonPayload()).post(digest);

    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void shouldFailWhenNothingListens() {
    receiver.down();

    assertThatThrownBy(() -> unsigned(new JsonPayload()).post(digest))
        .isInstanceOf(Webhook.FailedException.class).hasMessageContaining("ConnectException");
  }

  @Test
  void shouldFailWhenDingTalkAnswers200WithAnErrcode() throws Exception {
    receiver.answer(200, "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}");
    var dingTalk = unsigned(new DingTalkPayload());

    assertThatThrownBy(() -> dingTalk.post(digest))
        .isInstanceOf(Webhook.FailedException.class).hasMessage("DingTalk errcode 300001: token is not exist");

    receiver.answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    dingTalk.post(digest);
    assertThat(JSON.readTree(receiver.requests().get(1).body()).path("msgtype").asText()).isEqualTo("markdown");
  }

  /** A webhook to the receiver without a signing secret. */
  private Webhook unsigned(DigestPayload payload) {
    return new Webhook(receiver.url(), payload, "", java.time.Clock.systemUTC());
  }
}
