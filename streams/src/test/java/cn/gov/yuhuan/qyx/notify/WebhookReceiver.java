package cn.gov.yuhuan.qyx.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on a free port of 127.0.0.1 that keeps every request it took, answering
 * with a status and body the test sets; it can be stopped and started again on the same port, as
 * a webhook that goes down and comes back.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as the receiver got it. */
  /** @param query the request's raw query string, null without one */
  public record Request(String method, String contentType, String idempotencyKey, String body, String query) {}

  private final int port;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile int status = 200;
  private volatile String answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
  private HttpServer server;

  private WebhookReceiver(int port) {
    this.port = port;
  }

  /** A receiver answering 200 {@code {"errcode":0,"errmsg":"ok"}}. */
  public static WebhookReceiver start() throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var receiver = new WebhookReceiver(port);
    receiver.up();
    return receiver;
  }

  /** Starts listening again, on the same port. */
  public synchronized void up() throws IOException {
    if (server != null) {
      return;
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/hook", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int answerStatus = status;
        // Only what was answered 2xx counts as received; a 503 is the receiver saying it is down.
        if (answerStatus / 100 == 2) {
          requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Idempotency-Key"), body, exchange.getRequestURI().getRawQuery()));
        } else {
          refused.incrementAndGet();
        }
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answerStatus, out.length);
        exchange.getResponseBody().write(out);
      }
    });
    server.start();
  }

  /** Stops listening: a POST now gets "connection refused". */
  public synchronized void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** What the receiver answers from now on. */
  public void answer(int status, String body) {
    this.status = status;
    this.answer = body;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/hook?access_token=secret");
  }

  /** How many requests were answered with a status that is not 2xx. */
  public int refused() {
    return refused.get();
  }

  /** The requests answered 2xx, in the order they came. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    down();
  }
}
