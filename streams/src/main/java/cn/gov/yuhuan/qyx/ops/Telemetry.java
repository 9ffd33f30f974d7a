package cn.gov.yuhuan.qyx.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app's metrics and health over HTTP: {@code /metrics} in Prometheus' text format (JVM, the Kafka
 * clients' and Kafka Streams' own metrics through Micrometer's binders, and the pipeline's
 * {@code qyx_*} meters), {@code /health} as JSON, 200 while the app is up and 503 otherwise. The
 * registry is also added to Micrometer's global one, so code Kafka Streams instantiates itself (the
 * dead-letter handlers) counts into it.
 */
public final class Telemetry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Telemetry.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code /health} says: {@code status} UP, or another word (RETRYING, REBALANCING, DOWN...) with HTTP 503. */
  public record Health(String status, Map<String, Object> details) {
    public static Health up(Map<String, Object> details) {
      return new Health("UP", details);
    }

    boolean isUp() {
      return "UP".equals(status);
    }
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String app;
  private final HttpServer server;
  private volatile Supplier<Health> health = () -> new Health("STARTING", Map.of());

  private Telemetry(String app, String host, int port) {
    this.app = app;
    registry.config().commonTags("app", app);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Metrics.addRegistry(registry);
    if (port < 0) {
      server = null;
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the metrics of " + app + " on " + host + ":" + port + " (metrics.port)", e);
    }
    server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext("/health", this::health);
    server.start();
    log.info("Metrics app=[{}] at http://{}:{}/metrics, health at /health", app, host, server.getAddress().getPort());
  }

  /** Serves on {@code host}:{@code port} (0: a free port; negative: no HTTP, the meters only). */
  public static Telemetry start(String app, String host, int port) {
    return new Telemetry(app, host, port);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The port served, or -1 without HTTP. */
  public int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  /** What {@code /health} answers from now on. */
  public void health(Supplier<Health> health) {
    this.health = health;
  }

  private void health(HttpExchange exchange) throws IOException {
    Health now;
    try {
      now = health.get();
    } catch (RuntimeException e) {
      now = new Health("DOWN", Map.of("error", e.toString()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("app", app);
    body.put("status", now.status());
    body.putAll(now.details());
    respond(exchange, now.isUp() ? 200 : 503, "application/json", JSON.writeValueAsString(body));
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    Metrics.removeRegistry(registry);
    registry.close();
  }
}
