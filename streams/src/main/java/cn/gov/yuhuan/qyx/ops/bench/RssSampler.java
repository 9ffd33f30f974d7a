package cn.gov.yuhuan.qyx.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The resident memory of every process of a stack, sampled twice a second from {@code /proc}: the
 * processes are those with a pid file under {@code QYX_HOME/run}, as {@code ./qyx status} knows them.
 */
final class RssSampler implements AutoCloseable {
  private final Path runDir;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    var thread = new Thread(r, "qyx-bench-rss");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<String, Long> highest = new TreeMap<>();
  private long highestTotal;

  RssSampler(Path home) {
    this.runDir = home.resolve("run");
    timer.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
  }

  private synchronized void sample() {
    long total = 0;
    try (Stream<Path> pidFiles = Files.list(runDir)) {
      for (Path pidFile : pidFiles.filter(p -> p.toString().endsWith(".pid")).toList()) {
        String name = pidFile.getFileName().toString().replace(".pid", "");
        long rss = 0;
        for (String pid : AppPids.of(pidFile)) {
          rss += rssBytes(pid);
        }
        highest.merge(name, rss, Math::max);
        total += rss;
      }
    } catch (IOException | RuntimeException e) {
      return; // a process between start and stop: the next sample sees it
    }
    highestTotal = Math.max(highestTotal, total);
  }

  /** VmRSS of the process, 0 if it is gone. */
  private static long rssBytes(String pid) throws IOException {
    Path status = Path.of("/proc", pid, "status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  /** The highest RSS seen per process, in bytes. */
  synchronized Map<String, Long> highest() {
    return new TreeMap<>(highest);
  }

  /** The highest sum over the processes seen in one sample, in bytes. */
  synchronized long highestTotal() {
    return highestTotal;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
