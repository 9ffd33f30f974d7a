package cn.gov.yuhuan.qyx.cli;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.ops.chaos.ChaosChecks;
import cn.gov.yuhuan.qyx.ops.chaos.FaultSuite;
import cn.gov.yuhuan.qyx.ops.chaos.TableSnapshot;
import cn.gov.yuhuan.qyx.sink.ClickHouseLayout;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chaos}: the steps of {@code ./qyx chaos}, which runs them on a stack of its own (docs/operators.md, "The fault suite"). */
@Command(name = "chaos", description = "The fault suite's steps, which ./qyx chaos runs on a stack of its own.",
    subcommands = {ChaosCommand.Faults.class, ChaosCommand.Check.class, ChaosCommand.Compare.class})
final class ChaosCommand {

  @Command(name = "faults", description = "Kills the apps and stops the services one after the other, printing how long the "
      + "pipeline took to carry a report again after each.")
  static final class Faults implements Callable<Integer> {
    @CommandLine.Mixin PipelineCommand.ConfigOptions config;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "The stack's QYX_HOME (the apps' pid files).")
    Path home;

    @Option(names = "--stack-script", defaultValue = "infra/stack.sh", paramLabel = "FILE", description = "What starts and stops the services (default: ${DEFAULT-VALUE}).")
    Path stackScript;

    @Option(names = "--health", required = true, paramLabel = "APP=URL", description = "Each app's /health, by its name under the supervisor.")
    Map<String, URI> health = new LinkedHashMap<>();

    @Option(names = "--kills", defaultValue = "3", description = "How many times the streams app and the sink are each killed (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--clickhouse-outage", defaultValue = "300", paramLabel = "SECONDS", description = "How long ClickHouse stays stopped (default: ${DEFAULT-VALUE}).")
    long clickhouseOutageSeconds;

    @Option(names = "--settle", defaultValue = "10", paramLabel = "SECONDS", description = "How long the load runs undisturbed before each fault (default: ${DEFAULT-VALUE}).")
    long settleSeconds;

    @Option(names = "--cluster", description = "The stack runs as a cluster (./qyx up --cluster): the kills take turns between "
        + "each app's two instances, and a broker is killed instead of restarted.")
    boolean cluster;

    @Option(names = "--load-pid", paramLabel = "PID", description = "The process sending the load: each fault says whether it came under load.")
    Long loadPid;

    @Override
    public Integer call() throws Exception {
      var suite = new FaultSuite(config.load(), home, stackScript, health,
          Optional.ofNullable(loadPid).flatMap(ProcessHandle::of), System.out);
      List<FaultSuite.Outcome> outcomes = suite.run(new FaultSuite.Settings(kills, Duration.ofSeconds(clickhouseOutageSeconds), Duration.ofSeconds(settleSeconds), cluster));
      long underLoad = outcomes.stream().filter(FaultSuite.Outcome::underLoad).count();
      System.out.printf("   %d faults injected, %d of them under load%n", outcomes.size(), underLoad);
      return 0;
    }
  }

  @Command(name = "check", description = "Once everything has landed: nothing lost or doubled, offset by offset, row by row, total "
      + "by total and notice by notice; saves the tables for the comparison with a rebuild.")
  static final class Check implements Callable<Integer> {
    @CommandLine.Mixin PipelineCommand.ConfigOptions config;

    @Option(names = "--expected", required = true, paramLabel = "FILE", description = "What ./qyx simulate --expected wrote.")
    Path expected;

    @Option(names = "--plan-year", required = true, description = "The plan year simulated.")
    int planYear;

    @Option(names = "--inbox", required = true, paramLabel = "FILE", description = "The file the webhook inbox appends each digest to.")
    Path inbox;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "Where to save every table, for compare.")
    Path snapshot;

    @Override
    public Integer call() throws Exception {
      PipelineConfig settings = config.load();
      boolean held = new ChaosChecks(settings, System.out).run(expected, planYear, inbox);
      TableSnapshot tables = TableSnapshot.take(new ClickHouseQuery(settings), ClickHouseLayout.of(settings));
      tables.write(snapshot);
      System.out.printf("   tables saved for the comparison with a rebuild: %s%n", tables.sizes());
      return held ? 0 : 1;
    }
  }

  @Command(name = "compare", description = "After ./qyx rebuild: every table as the faulted run left it, and no notice sent again.")
  static final class Compare implements Callable<Integer> {
    @CommandLine.Mixin PipelineCommand.ConfigOptions config;

    @Option(names = "--snapshot", required = true, paramLabel = "FILE", description = "What check saved.")
    Path snapshot;

    @Option(names = "--inbox", required = true, paramLabel = "FILE", description = "The file the webhook inbox appends each digest to.")
    Path inbox;

    @Override
    public Integer call() throws Exception {
      PipelineConfig settings = config.load();
      TableSnapshot before = TableSnapshot.read(snapshot);
      TableSnapshot rebuilt = TableSnapshot.take(new ClickHouseQuery(settings), ClickHouseLayout.of(settings));
      List<String> differences = before.differences(rebuilt);
      int rows = rebuilt.sizes().values().stream().mapToInt(Integer::intValue).sum();
      if (differences.isEmpty()) {
        System.out.printf("   ok     Rebuild: all %d tables (%,d rows) equal what the faulted run left%n", rebuilt.sizes().size(), rows);
      } else {
        System.out.printf("   FAILED Rebuild: %d of %d tables differ from what the faulted run left:%n", differences.size(), rebuilt.sizes().size());
        differences.forEach(d -> System.out.println("          " + d));
      }
      boolean notices = new ChaosChecks(settings, System.out).noticesSentOnce(inbox);
      return differences.isEmpty() && notices ? 0 : 1;
    }
  }
}
