package cn.gov.yuhuan.qyx.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where the CPU went during one phase of the bench: the CPU time each process of the stack (those
 * with a pid file under {@code QYX_HOME/run}) and the bench itself used, from {@code /proc}, divided
 * by the phase's wall time, so 1.0 is one core kept busy. On 2 cores the sum tops out at 2.0.
 */
final class CpuShares {
  /** Clock ticks per second of /proc's utime and stime: USER_HZ, 100 on Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Path runDir;
  private final Map<String, Long> startTicks;
  private final long startNanos;

  /** Starts measuring now. */
  CpuShares(Path home) {
    this.runDir = home.resolve("run");
    this.startTicks = ticks();
    this.startNanos = System.nanoTime();
  }

  /** Cores used per process since the start, e.g. {@code streams 1.21, kafka 0.48, ..., bench 0.10}. */
  String since() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Map<String, Long> now = ticks();
    var out = new StringBuilder();
    double total = 0;
    for (var entry : now.entrySet()) {
      double cores = (entry.getValue() - startTicks.getOrDefault(entry.getKey(), 0L)) / TICKS_PER_SECOND / seconds;
      total += cores;
      out.append(String.format("%s %.2f, ", entry.getKey(), cores));
    }
    return out.append(String.format("all %.2f cores", total)).toString();
  }

  private Map<String, Long> ticks() {
    Map<String, Long> ticks = new TreeMap<>();
    try (Stream<Path> pidFiles = Files.list(runDir)) {
      for (Path pidFile : pidFiles.filter(p -> p.toString().endsWith(".pid")).toList()) {
        long appTicks = 0;
        for (String pid : AppPids.of(pidFile)) {
          appTicks += cpuTicks(pid);
        }
        ticks.put(pidFile.getFileName().toString().replace(".pid", ""), appTicks);
      }
    } catch (IOException | RuntimeException e) {
      // a process between start and stop: counted as idle
    }
    ticks.put("bench", cpuTicks(String.valueOf(ProcessHandle.current().pid())));
    return ticks;
  }

  /** utime + stime of the process (fields 14 and 15 of /proc/PID/stat), 0 if it is gone. */
  private static long cpuTicks(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
