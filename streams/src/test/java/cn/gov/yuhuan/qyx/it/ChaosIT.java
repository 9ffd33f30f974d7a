package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The short version of {@code ./qyx chaos} on the cluster layout ({@code --cluster}), run as an
 * operator runs it: three Kafka brokers, two ClickHouse replicas behind Distributed tables, two
 * instances of the streams app and of the sink, each app a separate process under its supervisor;
 * a simulated quarter of reports and ticks as the load (the first alerts and notices come in its
 * last month: six weeks gave none, and the notice check fails on nothing to check); one streams instance and one sink instance
 * killed with SIGKILL while they have read records they have not committed, a ClickHouse server
 * stopped, a broker killed with SIGKILL (those four under the load), the registry restarted; then
 * every check of the suite (offset by offset in Kafka, row by row in ClickHouse, every total, every
 * notice, all read through the Distributed tables) must hold. Not the last check, every table
 * against a rebuild ({@code --no-rebuild}: 200-250 s on a cluster, a third of this test): StatusIT
 * compares a rebuild table by table, ClickHouseClusterIT drops and creates the replicated tables as
 * a rebuild does, and the full {@code ./qyx chaos [--cluster]} compares after its faults. The
 * single-node faults (the one broker restarted) are the full {@code ./qyx chaos}'s.
 */
class ChaosIT {
  private static final Path REPO_ROOT = Path.of(System.getProperty("qyx.repo.root", "..")).toAbsolutePath().normalize();
  private static final long TIMEOUT_MINUTES = 20;

  @Test
  void shouldLoseAndDoubleNothingWhenInstancesAndABrokerAreKilledAndServicesStoppedUnderLoad() throws Exception {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
    Path home = REPO_ROOT.resolve("streams/target/it-stacks/ChaosIT-" + stamp);
    Path output = home.resolveSibling(home.getFileName() + ".out");
    Files.createDirectories(home.getParent());
    var chaos = new ProcessBuilder("bash", REPO_ROOT.resolve("qyx").toString(), "chaos", "--short", "--cluster", "--no-rebuild")
        .directory(REPO_ROOT.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    chaos.environment().put("QYX_CHAOS_HOME", home.toString());
    // Ports 30500-30700: below the range the OS hands out as free ports to the other tests' stacks.
    chaos.environment().put("QYX_CHAOS_PORT_BASE", "30500");
    Process process = chaos.start();
    boolean ended = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!ended) {
      process.destroy(); // SIGTERM: its trap stops the stack once the step it is in ends; make sure now
      process.waitFor(1, TimeUnit.MINUTES);
      var down = new ProcessBuilder("bash", REPO_ROOT.resolve("infra/stack.sh").toString(), "down").directory(REPO_ROOT.toFile()).inheritIO();
      down.environment().put("QYX_HOME", home.toString());
      down.start().waitFor(2, TimeUnit.MINUTES);
    }
    String printed = Files.readString(output);
    System.out.print(printed);

    assertThat(ended).as("./qyx chaos --short --cluster --no-rebuild ended within %d min", TIMEOUT_MINUTES).isTrue();
    assertThat(process.exitValue()).as("exit code of ./qyx chaos --short --cluster --no-rebuild; its output is above").isZero();
    List<String> faults = printed.lines().filter(line -> line.contains("   fault ")).toList();
    assertThat(faults).hasSize(5);
    // The load is sized to outlast the kills; the faults after them may come once it is over (the
    // full ./qyx chaos keeps them all under load). Each kill comes mid-stream whatever the load, after
    // a burst of probes; a report is sent while ClickHouse is down.
    assertThat(faults.subList(0, 2)).allSatisfy(line -> assertThat(line).contains("(under load)"));
    assertThat(faults.get(0)).contains("kill -9 streams").doesNotContain(" 0 records read, not committed");
    assertThat(faults.get(1)).contains("kill -9 sink").doesNotContain(" 0 records read, not committed");
    assertThat(faults.get(3)).contains("kill -9 kafka-2").doesNotContain(" 0 records read, not committed");
    // ClickHouse (the first replica) down: its sink keeps running (it says RETRYING when records came
    // for its partitions meanwhile, which the other sink may have had all of: PipelineIT checks the
    // RETRYING health itself).
    assertThat(faults.get(2)).contains("ClickHouse stopped").doesNotContain("sink no answer");
    assertThat(printed).contains("missing 0, duplicated 0", "missing 0, in both 0, from nowhere 0", "wrong 0", "twice 0",
        "Chaos: every check held");
    assertThat(new File(home.toFile(), ".qyx-home")).as("the stack purged after the run").doesNotExist();
  }
}
