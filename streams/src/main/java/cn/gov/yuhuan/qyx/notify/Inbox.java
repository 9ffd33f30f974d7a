package cn.gov.yuhuan.qyx.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A webhook that keeps what it is sent, for the demo and for trying the notifier without a DingTalk
 * robot: every POST body is appended as one line to a file and logged in one line, and answered
 * 200 {@code {"errcode":0}} (what a DingTalk robot answers on success).
 */
public final class Inbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Inbox.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] OK = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final Path file;

  private Inbox(HttpServer server, Path file) {
    this.server = server;
    this.file = file;
  }

  /** Listens on 127.0.0.1:{@code port} and appends each body to {@code file}. */
  public static Inbox start(int port, Path file) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    var inbox = new Inbox(server, file);
    server.createContext("/", inbox::take);
    server.start();
    log.info("Inbox listening url=[http://127.0.0.1:{}/] file=[{}]", port, file);
    return inbox;
  }

  private void take(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      String line = new String(body, StandardCharsets.UTF_8).replace('\n', ' ') + "\n";
      synchronized (this) {
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      log.info("Received {} idempotency_key=[{}]", summary(body), exchange.getRequestHeaders().getFirst("Idempotency-Key"));
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(200, OK.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(OK);
      }
    }
  }

  /** One line for the log: a json digest's unit, date and notices, or a DingTalk message's title. */
  static String summary(byte[] body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json.has("markdown")) {
        return "dingtalk title=[" + json.path("markdown").path("title").asText() + "]";
      }
      return "digest=[" + json.path("digest_id").asText() + "] lead_unit=[" + json.path("lead_unit_name").asText()
          + "] as_of=[" + json.path("as_of").asText() + "] notices=[" + json.path("notices").size() + "]";
    } catch (IOException e) {
      return "a body that is not JSON (" + body.length + " bytes)";
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
