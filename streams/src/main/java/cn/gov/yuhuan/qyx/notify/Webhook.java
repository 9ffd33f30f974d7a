package cn.gov.yuhuan.qyx.notify;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs a digest's payload to the configured URL. Each digest carries its id as
 * {@code Idempotency-Key}, the same on every retry and after a restart, so a receiver can drop
 * a copy it already has.
 */
final class Webhook {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  // Well below max.poll.interval.ms (5 min): a hanging receiver must not cost the consumer its group.
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** The receiver did not take the digest; it is retried. */
  static final class FailedException extends Exception {
    FailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final URI url;
  private final DigestPayload payload;
  private final String signingSecret;
  private final Clock clock;
  private final HttpClient http;

  /** @param signingSecret a DingTalk robot's 加签 secret, or empty to send unsigned */
  Webhook(URI url, DigestPayload payload, String signingSecret, Clock clock) {
    this.url = url;
    this.payload = payload;
    this.signingSecret = signingSecret == null ? "" : signingSecret;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }


  /** Returns once the receiver answered 2xx (and, for DingTalk, errcode 0). */
  void post(Digest digest) throws FailedException, InterruptedException {
    URI target = signingSecret.isEmpty() ? url : signed(url, signingSecret, clock.millis());
    HttpRequest request = HttpRequest.newBuilder(target)
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json; charset=utf-8")
        .header(IDEMPOTENCY_KEY, digest.id())
        .POST(HttpRequest.BodyPublishers.ofByteArray(payload.render(digest)))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new FailedException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new FailedException("HTTP " + response.statusCode() + ": " + abbreviate(response.body()), null);
    }
    Optional<String> rejected = payload.rejection(response.body());
    if (rejected.isPresent()) {
      throw new FailedException(rejected.get(), null);
    }
  }

  /** A receiver's answer, short enough for one log line. */
  static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }

  /**
   * A DingTalk robot's signed URL (加签): {@code timestamp} in milliseconds and {@code sign}, the
   * Base64 of HmacSHA256 over {@code timestamp + "\n" + secret} keyed by the secret, URL-encoded.
   * DingTalk refuses a timestamp more than an hour off, so each call signs anew.
   */
  static URI signed(URI url, String secret, long timestampMs) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestampMs + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      String sign = URLEncoder.encode(Base64.getEncoder().encodeToString(digest), StandardCharsets.UTF_8);
      String separator = url.getRawQuery() == null ? "?" : "&";
      return URI.create(url + separator + "timestamp=" + timestampMs + "&sign=" + sign);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
