package cn.gov.yuhuan.qyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infra/supervise.sh, which ./qyx up runs every app under: restarts what exits, stops on SIGTERM. */
class SuperviseScriptTest {
  private static final Path SCRIPT = Path.of("../infra/supervise.sh").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void shouldRunAnAppAgainWithADoublingDelayEachTimeItExitsAndSayWhy() throws Exception {
    Path log = dir.resolve("app.log");
    Process supervisor = start(log, "bash", "-c", "echo started; exit 3");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (starts(log) < 3 && System.nanoTime() < deadline) { // runs at 0 s, 1 s, 3 s (delays 1 s and 2 s)
      Thread.sleep(100);
    }
    stop(supervisor);

    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(starts(log)).isEqualTo(3);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("qyx supervise: app exited with code 3", "restart 1 in 1 s"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("restart 2 in 2 s"));
    assertThat(supervisor.exitValue()).isZero();
  }

  @Test
  void shouldStopTheAppAndItselfOnSigtermWithoutARestart() throws Exception {
    Path log = dir.resolve("app.log");
    Process supervisor = start(log, "sleep", "30");
    Thread.sleep(500);
    long started = System.nanoTime();
    stop(supervisor);

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("the app stopped at once, not after 30 s").isLessThan(5_000);
    assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("restart");
    assertThat(supervisor.exitValue()).isZero();
  }

  private static long starts(Path log) throws Exception {
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.equals("started")).count();
  }

  private Process start(Path log, String... command) throws Exception {
    List<String> commandLine = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString(), "app"));
    commandLine.addAll(List.of(command));
    return new ProcessBuilder(commandLine).redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File(dir.toString())).start();
  }

  private static void stop(Process supervisor) throws Exception {
    supervisor.destroy(); // SIGTERM to the supervisor alone: it passes it on
    assertThat(supervisor.waitFor(10, TimeUnit.SECONDS)).as("stopped").isTrue();
  }
}
