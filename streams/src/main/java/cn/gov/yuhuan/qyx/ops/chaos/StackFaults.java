package cn.gov.yuhuan.qyx.ops.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The faults a stack that {@code ./qyx up} started can suffer, done to it for real: an app's JVM
 * killed with SIGKILL (its supervisor, {@code infra/supervise.sh}, starts it again), a service
 * stopped and started again by the same {@code infra/stack.sh} that runs it. Run with the stack's
 * environment ({@code QYX_HOME} and its ports), as {@code ./qyx chaos} runs it.
 */
final class StackFaults {
  private static final long STACK_TIMEOUT_MINUTES = 5;

  private final Path home;
  private final Path stackScript;

  StackFaults(Path home, Path stackScript) {
    this.home = home;
    this.stackScript = stackScript;
  }

  /**
   * Kills the JVM of {@code app} with SIGKILL: no shutdown hook, no commit, no clean close.
   *
   * @return the pid killed
   */
  long kill(String app) throws IOException, InterruptedException {
    // supervise.sh writes the pid of the process it runs beside its own pid file.
    Path childFile = home.resolve("run").resolve(app + ".child");
    long pid = Long.parseLong(Files.readString(childFile).trim());
    ProcessHandle process = ProcessHandle.of(pid)
        .orElseThrow(() -> new IllegalStateException(app + " (pid " + pid + " in " + childFile + ") is not running"));
    process.destroyForcibly();
    process.onExit().join();
    return pid;
  }

  /**
   * Kills {@code service} (a process infra/stack.sh started, e.g. kafka-2) with SIGKILL, and what it
   * forked: a machine lost, as far as the others can tell.
   */
  void killService(String service) throws IOException {
    Path pidFile = home.resolve("run").resolve(service + ".pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle process = ProcessHandle.of(pid)
        .orElseThrow(() -> new IllegalStateException(service + " (pid " + pid + " in " + pidFile + ") is not running"));
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.onExit().join();
  }

  /** Stops {@code service} (kafka, registry or clickhouse), as an outage would. */
  void stop(String service) throws IOException, InterruptedException {
    stack("stop", service);
  }

  /** Starts again what {@link #stop} stopped, on its data and ports, once it answers. */
  void startStopped() throws IOException, InterruptedException {
    stack("up");
  }

  private void stack(String... command) throws IOException, InterruptedException {
    var line = new java.util.ArrayList<String>();
    line.add("bash");
    line.add(stackScript.toString());
    line.addAll(java.util.List.of(command));
    Path output = Files.createTempFile("qyx-chaos-stack", ".out");
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(STACK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", line) + " took over " + STACK_TIMEOUT_MINUTES + " min:\n" + Files.readString(output));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", line) + " failed (exit " + process.exitValue() + "):\n" + Files.readString(output));
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
