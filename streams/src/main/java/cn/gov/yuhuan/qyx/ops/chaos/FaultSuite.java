package cn.gov.yuhuan.qyx.ops.chaos;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.ops.Lag;
import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The faults of {@code ./qyx chaos}, one after the other, on a stack that {@code ./qyx up} runs
 * while reports and ticks keep coming: the streams app and the sink killed with SIGKILL, ClickHouse
 * stopped for a while, the broker and the registry restarted. On a cluster ({@code ./qyx up
 * --cluster}) the kills take turns between the two instances of each app, the other instance
 * carrying on, and a broker is killed with SIGKILL instead of restarted. After each, a {@link Probe} is sent
 * through the whole pipeline: the time it takes to land is the fault's recovery time. The next
 * fault waits until every app answers UP on its {@code /health} again. Whether anything was lost or
 * doubled is {@link ChaosChecks}' job, once the load has ended and everything has landed.
 */
public final class FaultSuite {
  /** How long an app may take to answer UP again, and a probe to land, before the suite gives up. */
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(10);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** How long a kill waits for its app to be behind. */
  private static final Duration BACKLOG_WAIT = Duration.ofSeconds(30);
  /**
   * Probes sent at once before each kill, beside the load: at 4 reports a second the apps are idle
   * most of the time, and a kill between two reports would interrupt nothing.
   */
  private static final int BURST = 200;
  /** How long a broker killed on a cluster stays dead: its partitions' leadership moves to the other two meanwhile. */
  private static final Duration BROKER_DOWN = Duration.ofSeconds(30);
  /** The broker a cluster loses: not the first node, the one every bootstrap list names first. */
  private static final String CLUSTER_BROKER_KILLED = "kafka-2";

  /**
   * @param kills how many times each of the streams app and the sink is killed
   * @param clickhouseOutage how long ClickHouse stays stopped
   * @param settle how long the load runs undisturbed between two faults
   * @param cluster whether the stack runs as a cluster (two instances of each app, three brokers)
   */
  public record Settings(int kills, Duration clickhouseOutage, Duration settle, boolean cluster) {}

  /** One fault: what was done, how long the thing was away, how long a report then took to land. */
  public record Outcome(String fault, Duration down, Duration recovery, boolean underLoad, long backlog) {}

  interface Fault {
    String name();

    /**
     * Does it, running {@code whileAway} while what it stopped is away; returns how long that was
     * (zero for a kill, which its supervisor answers).
     */
    Duration inject(StackFaults stack, Runnable whileAway) throws Exception;
  }

  /**
   * A fault done mid-stream: while {@link #groups()} have read records they have not committed
   * yet, after a burst of {@link #BURST} probes, as soon as those groups are behind (waiting up to
   * {@link #BACKLOG_WAIT}).
   */
  interface MidStream extends Fault {
    List<String> groups();
  }

  /** An app's JVM killed: its supervisor starts it again. */
  private record Kill(String app, List<String> groups) implements MidStream {
    public String name() {
      return "kill -9 " + app;
    }

    public Duration inject(StackFaults stack, Runnable whileAway) throws Exception {
      stack.kill(app);
      return Duration.ZERO;
    }
  }

  /** A service's process killed, and started again after {@code down}. */
  private record ServiceKill(String service, Duration down, String name, List<String> groups) implements MidStream {
    public Duration inject(StackFaults stack, Runnable whileAway) throws Exception {
      return away(stack, () -> stack.killService(service), down, () -> {});
    }
  }

  /**
   * A service stopped, and started again after {@code length}; with {@code busy}, a report is sent
   * while it is away (not while the only broker is: nothing could take it).
   */
  private record Outage(String service, Duration length, String name, boolean busy) implements Fault {
    public Duration inject(StackFaults stack, Runnable whileAway) throws Exception {
      return away(stack, () -> stack.stop(service), length, busy ? whileAway : () -> {});
    }
  }

  interface StackAction {
    void run() throws Exception;
  }

  /** {@code takeAway}, then {@code whileAway}, {@code length} later the stack started again; returns the time away. */
  private static Duration away(StackFaults stack, StackAction takeAway, Duration length, Runnable whileAway) throws Exception {
    long start = System.nanoTime();
    takeAway.run();
    whileAway.run();
    Thread.sleep(Math.max(0, length.toMillis() - (System.nanoTime() - start) / 1_000_000));
    stack.startStopped();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private final StackFaults stack;
  private final PipelineConfig config;
  private final Map<String, URI> health;
  private final Optional<ProcessHandle> load;
  private final PrintStream out;

  /**
   * @param home the stack's QYX_HOME
   * @param stackScript infra/stack.sh
   * @param health each app's {@code /health}, by the name its supervisor runs it under
   * @param load the process sending the load, to say whether each fault came under it
   */
  public FaultSuite(PipelineConfig config, Path home, Path stackScript, Map<String, URI> health, Optional<ProcessHandle> load, PrintStream out) {
    this.stack = new StackFaults(home, stackScript);
    this.config = config;
    this.health = new LinkedHashMap<>(health);
    this.load = load;
    this.out = out;
  }

  /** The faults in the order they are done: the kills spread between the outages. */
  static List<Fault> schedule(Settings settings, List<String> streamsGroups, List<String> sinkGroups) {
    Fault broker = settings.cluster()
        ? new ServiceKill(CLUSTER_BROKER_KILLED, BROKER_DOWN, "kill -9 " + CLUSTER_BROKER_KILLED + ", " + BROKER_DOWN.toSeconds() + " s", streamsGroups)
        : new Outage("kafka", Duration.ZERO, "broker restarted", false);
    List<Fault> outages = List.of(
        new Outage("clickhouse", settings.clickhouseOutage(), "ClickHouse stopped for " + settings.clickhouseOutage().toSeconds() + " s", true),
        broker,
        new Outage("registry", Duration.ZERO, "registry restarted", false));
    List<Fault> faults = new ArrayList<>();
    int rounds = Math.max(settings.kills(), outages.size());
    for (int round = 0; round < rounds; round++) {
      if (round < settings.kills()) {
        faults.add(new Kill(instance("streams", round, settings.cluster()), streamsGroups));
        faults.add(new Kill(instance("sink", round, settings.cluster()), sinkGroups));
      }
      if (round < outages.size()) {
        faults.add(outages.get(round));
      }
    }
    return faults;
  }

  /** The instance of {@code app} killed in {@code round}: on a cluster the two take turns ({@code app}, then {@code app-2}). */
  private static String instance(String app, int round, boolean cluster) {
    return cluster && round % 2 == 1 ? app + "-2" : app;
  }

  /**
   * Does every fault of {@code settings}, printing each with its recovery time.
   *
   * @return every fault's outcome, in order
   */
  public List<Outcome> run(Settings settings) throws Exception {
    List<Fault> faults = schedule(settings, List.of(config.getString(PipelineConfig.APPLICATION_ID), Intake.APPLICATION_ID),
        List.of(config.getString(PipelineConfig.SINK_GROUP_ID)));
    List<Outcome> outcomes = new ArrayList<>();
    // The admin is ready before each burst: the apps work a burst off in about a second.
    try (Admin admin = Admin.create(config.kafka().clientConfig());
        var probe = new Probe(config.kafka(), new ClickHouseQuery(config), config.getString(PipelineConfig.CLICKHOUSE_DATABASE),
            anyUnit(admin), RECOVERY_TIMEOUT)) {
      awaitHealthy();
      Duration baseline = probe.land();
      out.printf("   before any fault, a report sent lands in ClickHouse in %.1f s%n", seconds(baseline));
      for (int i = 0; i < faults.size(); i++) {
        Fault fault = faults.get(i);
        Thread.sleep(settings.settle().toMillis());
        boolean underLoad = load.map(ProcessHandle::isAlive).orElse(false);
        long waited = System.nanoTime();
        long backlog = 0;
        if (fault instanceof MidStream midStream) {
          probe.burst(BURST);
          backlog = awaitBacklog(admin, midStream.groups());
        }
        waited = System.nanoTime() - waited;
        Duration down;
        Duration recovery;
        Duration healthy;
        Map<String, Set<String>> seen;
        try (var watch = new HealthWatch(health)) {
          // A report sent while a service is away gives every stage something to do meanwhile
          // (the sink, with ClickHouse down, something to retry), whether or not the load still runs.
          down = fault.inject(stack, () -> {
            try {
              probe.burst(1);
            } catch (Exception e) {
              throw new IllegalStateException("could not send a report while " + fault.name(), e);
            }
          });
          recovery = probe.land();
          healthy = awaitHealthy();
          seen = watch.notUp();
        }
        outcomes.add(new Outcome(fault.name(), down, recovery, underLoad, backlog));
        out.printf("   fault %d/%d: %-28s%s%s%s a report sent as it ended landed %.1f s later; every app UP after %.1f s%s%n",
            i + 1, faults.size(), fault.name(), underLoad ? " (under load)" : " (load over)",
            fault instanceof MidStream ? String.format(" %d records read, not committed (seen after %.1f s);", backlog, waited / 1e9) : "",
            down.isZero() ? "" : String.format(" away %.1f s;", seconds(down)), seconds(recovery), seconds(recovery.plus(healthy)),
            seen.isEmpty() ? "" : "; meanwhile " + HealthWatch.describe(seen));
      }
      out.printf("   %,d probes sent, in bursts before the kills and one after each fault (each a rejected record: the checks below count them)%n", probe.sent());
    }
    return outcomes;
  }

  /**
   * Waits until {@code groups} are behind the end of what they read, so that a kill comes mid-stream
   * (records processed or landed but not committed); returns the records
   * behind, 0 if they never were within {@link #BACKLOG_WAIT}.
   */
  private static long awaitBacklog(Admin admin, List<String> groups) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + BACKLOG_WAIT.toNanos();
    while (true) {
      long behind = 0;
      for (String group : groups) {
        behind += Lag.behind(admin, group, Set.of()).stream().mapToLong(Lag.Behind::lag).sum();
      }
      if (behind > 0 || System.nanoTime() > deadline) {
        return behind;
      }
      Thread.sleep(20);
    }
  }

  /** The account of a unit whose topic of reports exists: the probes go where its reports would. */
  private static String anyUnit(Admin admin) throws InterruptedException, ExecutionException {
    return admin.listTopics().names().get().stream().map(Topics::accountOf).flatMap(Optional::stream).sorted().findFirst()
        .orElseThrow(() -> new IllegalStateException("no unit's topic of reports (qyx.reports.ACCOUNT.v1): is the stack up?"));
  }

  /** Waits until every app answers UP; returns how long that took. */
  private Duration awaitHealthy() throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + RECOVERY_TIMEOUT.toNanos();
    while (true) {
      Map<String, String> notUp = new LinkedHashMap<>();
      health.forEach((app, uri) -> {
        String answer = healthOf(uri);
        if (!answer.contains("\"status\":\"UP\"")) {
          notUp.put(app, answer);
        }
      });
      if (notUp.isEmpty()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not UP " + RECOVERY_TIMEOUT.toMinutes() + " min after the fault: " + notUp);
      }
      Thread.sleep(250);
    }
  }

  static String healthOf(URI uri) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      return "no answer (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
