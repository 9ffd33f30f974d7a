package cn.gov.yuhuan.qyx.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One markdown message to a DingTalk custom robot, signed (加签) when a secret is given, as the
 * notifier's digests are: for what is sent once by hand, such as the 晾晒通报 ({@code ./qyx bulletin --dingtalk}).
 */
public final class DingTalkRobot {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI url;
  private final String secret;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** @param secret the robot's signing secret, or empty to send unsigned */
  public DingTalkRobot(URI url, String secret) {
    this.url = url;
    this.secret = secret == null ? "" : secret;
  }

  /** Sends it; throws with DingTalk's own words when the robot refuses it (errcode other than 0). */
  public void sendMarkdown(String title, String text) throws IOException, InterruptedException {
    URI target = secret.isEmpty() ? url : Webhook.signed(url, secret, System.currentTimeMillis());
    byte[] body = JSON.writeValueAsBytes(Map.of("msgtype", "markdown", "markdown", Map.of("title", title, "text", text)));
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("the robot answered HTTP " + response.statusCode() + ": " + Webhook.abbreviate(response.body()));
    }
    JsonNode answer = response.body().isBlank() ? null : JSON.readTree(response.body());
    if (answer != null && answer.has("errcode") && answer.get("errcode").asInt() != 0) {
      throw new IOException("the robot refused it: errcode " + answer.get("errcode").asInt() + " " + answer.path("errmsg").asText());
    }
  }
}
