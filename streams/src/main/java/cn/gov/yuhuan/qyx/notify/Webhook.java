package cn.gov.yuhuan.qyx.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

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
  private final HttpClient http;

  Webhook(URI url, DigestPayload payload) {
    this.url = url;
    this.payload = payload;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** Returns once the receiver answered 2xx (and, for DingTalk, errcode 0). */
  void post(Digest digest) throws FailedException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url)
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
}
