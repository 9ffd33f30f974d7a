package cn.gov.yuhuan.qyx.ops.chaos;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the apps said about themselves while a fault lasted: each app's {@code /health} asked twice
 * a second on a thread of its own, every answer other than UP kept. So the suite shows what an
 * operator would have seen (the sink RETRYING while ClickHouse is down, the streams app
 * REBALANCING, an app not answering while its supervisor restarts it), not only that it ended well.
 */
final class HealthWatch implements AutoCloseable {
  private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z_]+)\"");
  private static final long EVERY_MS = 500;

  private final Map<String, Set<String>> notUp = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  HealthWatch(Map<String, URI> health) {
    thread = new Thread(() -> {
      while (running) {
        health.forEach((app, uri) -> {
          String status = statusOf(FaultSuite.healthOf(uri));
          if (!status.equals("UP")) {
            notUp.computeIfAbsent(app, a -> ConcurrentHashMap.newKeySet()).add(status);
          }
        });
        try {
          Thread.sleep(EVERY_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "health-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** The status in a {@code /health} answer, or the answer itself when it has none ("no answer (...)"). */
  static String statusOf(String answer) {
    Matcher status = STATUS.matcher(answer);
    return status.find() ? status.group(1) : answer;
  }

  /** Each app that said something other than UP so far, with what it said, in a stable order. */
  Map<String, Set<String>> notUp() {
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    new TreeSet<>(notUp.keySet()).forEach(app -> copy.put(app, new TreeSet<>(notUp.get(app))));
    return copy;
  }

  /** E.g. {@code sink RETRYING, streams no answer (ConnectException)/REBALANCING}. */
  static String describe(Map<String, Set<String>> notUp) {
    return notUp.entrySet().stream().map(e -> e.getKey() + " " + String.join("/", e.getValue())).collect(Collectors.joining(", "));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
  }
}
