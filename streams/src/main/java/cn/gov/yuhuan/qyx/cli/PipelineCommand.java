package cn.gov.yuhuan.qyx.cli;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.CatalogPublisher;
import cn.gov.yuhuan.qyx.notify.Notifier;
import cn.gov.yuhuan.qyx.ops.Rebuild;
import cn.gov.yuhuan.qyx.ops.SchemaRegistration;
import cn.gov.yuhuan.qyx.ops.Sync;
import cn.gov.yuhuan.qyx.ops.bench.Bench;
import cn.gov.yuhuan.qyx.ops.bench.BenchPlan;
import cn.gov.yuhuan.qyx.sink.ClickHouseSink;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import cn.gov.yuhuan.qyx.streams.StreamsApp;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the pipeline's processes: the streams app, the sink, the notifier, and {@code sync}. */
@Command(
    name = "qyx-pipeline",
    mixinStandardHelpOptions = true,
    description = "Runs the 七优享 streams app, ClickHouse sink or alert notifier, or waits for everything to land.",
    subcommands = {PipelineCommand.Streams.class, PipelineCommand.Sink.class, PipelineCommand.Notify.class,
        PipelineCommand.SyncCommand.class,
        PipelineCommand.RebuildCommand.class, PipelineCommand.TopicsCommand.class,
        PipelineCommand.InboxCommand.class, PipelineCommand.BenchCommand.class,
        AccessCommands.Access.class, AccessCommands.Units.class, ChaosCommand.class})
public final class PipelineCommand {

  /** Options shared by every subcommand: where the settings come from. */
  public static class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", required = true,
        description = "Properties file(s) with the settings; later files override earlier ones.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "A setting that overrides the files.")
    Map<String, String> overrides = new HashMap<>();

    public PipelineConfig load() throws IOException {
      Map<String, Object> settings = new HashMap<>();
      for (Path file : files) {
        var props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
          props.load(in);
        }
        props.forEach((k, v) -> settings.put((String) k, v));
      }
      settings.putAll(overrides);
      return new PipelineConfig(settings);
    }
  }

  @Command(name = "streams", description = "Runs the Kafka Streams app until stopped.")
  static final class Streams implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
      return StreamsApp.run(config.load()) ? 0 : 1;
    }
  }

  @Command(name = "sink", description = "Lands the app's results and dead letters in ClickHouse until stopped.")
  static final class Sink implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
      var sink = new ClickHouseSink(config.load());
      var done = new java.util.concurrent.CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        sink.stop();
        try {
          done.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "qyx-sink-shutdown"));
      try (sink) {
        sink.run();
      } finally {
        done.countDown();
      }
      return 0;
    }
  }

  @Command(name = "notify", description = "Sends alert digests to the webhook until stopped.")
  static final class Notify implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
      PipelineConfig settings = config.load();
      Notifier.webhookUrl(settings); // no webhook, no notifier: say so before connecting anywhere
      var notifier = new Notifier(settings);
      var done = new java.util.concurrent.CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        notifier.stop();
        try {
          done.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "qyx-notify-shutdown"));
      try (notifier) {
        notifier.run();
      } finally {
        done.countDown();
      }
      return 0;
    }
  }

  @Command(name = "inbox", description = "A local webhook for trying the notifier: appends every digest it is sent to a file.")
  static final class InboxCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, description = "Port on 127.0.0.1 to listen on.")
    int port;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "Where to append each digest, one JSON per line.")
    java.nio.file.Path file;

    @Override
    public Integer call() throws Exception {
      var stopped = new java.util.concurrent.CountDownLatch(1);
      try (var inbox = cn.gov.yuhuan.qyx.notify.Inbox.start(port, file)) {
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "qyx-inbox-shutdown"));
        stopped.await();
      }
      return 0;
    }
  }

  @Command(name = "sync", description = "Returns once everything produced so far has landed in ClickHouse "
      + "(and, when a notifier runs, has been notified).")
  static final class SyncCommand implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
        description = "Give up after this long (default: ${DEFAULT-VALUE} s).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      long start = System.nanoTime();
      List<String> behind = new Sync(config.load()).await(Duration.ofSeconds(timeoutSeconds), Duration.ofMillis(250));
      if (behind.isEmpty()) {
        System.out.printf("Everything has landed (%.1f s).%n", (System.nanoTime() - start) / 1e9);
        return 0;
      }
      System.err.printf("Not everything has landed after %d s. Still behind:%n", timeoutSeconds);
      behind.forEach(b -> System.err.println("  " + b));
      System.err.println("Is the pipeline running? Try ./qyx status, and the logs under .qyx/logs/.");
      return 1;
    }
  }

  @Command(name = "rebuild", description = "Deletes everything derived from the event log (derived and internal topics, "
      + "consumer groups, local state, the ClickHouse database), so the apps rebuild it. Stop the apps first.")
  static final class RebuildCommand implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config;

    @Override
    public Integer call() throws Exception {
      List<String> deleted = new Rebuild(config.load()).forgetDerived();
      deleted.forEach(d -> System.out.println("deleted " + d));
      System.out.println("Start the streams app and the sink to rebuild from the event log.");
      return 0;
    }
  }

  @Command(name = "topics", description = "Creates the pipeline's topics that are missing, with topic.partitions and "
      + "topic.replication.factor, each with its retention; with --catalog, also registers the schemas of the topics units "
      + "and the operator write, which their clients then find (they register none).")
  static final class TopicsCommand implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config;

    @Option(names = "--catalog", paramLabel = "DIR", description = "The catalog whose records are the samples the catalog's schemas are registered with.")
    Path catalogDir;

    @Override
    public Integer call() throws Exception {
      PipelineConfig settings = config.load();
      try (var admin = org.apache.kafka.clients.admin.Admin.create(settings.kafka().clientConfig())) {
        List<String> created = cn.gov.yuhuan.qyx.schemas.TopicSetup.ensureTopics(admin,
            settings.getInt(PipelineConfig.TOPIC_PARTITIONS), settings.getShort(PipelineConfig.TOPIC_REPLICATION_FACTOR));
        System.out.println(created.isEmpty() ? "Every topic exists." : "Created " + created.size() + " topics.");
      }
      if (catalogDir != null) {
        List<String> subjects = SchemaRegistration.register(settings.getString(PipelineConfig.SCHEMA_REGISTRY_URL), Catalog.load(catalogDir));
        System.out.println("Registered the schemas units and the operator write: " + String.join(", ", subjects) + ".");
      }
      return 0;
    }
  }

  @Command(name = "bench", description = "The benchmark's steps, which ./qyx bench runs on a stack of its own: "
      + "catalog (publish the synthetic plan), run (measure and check), check (wait for exact totals again, after a rebuild).")
  static final class BenchCommand implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config;

    @CommandLine.Parameters(index = "0", paramLabel = "STEP", description = "catalog, run or check")
    String step;

    @Option(names = "--reports", defaultValue = "100000", description = "About how many reports (default: ${DEFAULT-VALUE}).")
    long reports;

    @Option(names = "--revisions", defaultValue = "3", description = "Reports per data value: the first and its corrections (default: ${DEFAULT-VALUE}).")
    int revisions;

    @Option(names = "--areas", defaultValue = "110", description = "Areas reporting every indicator (default: ${DEFAULT-VALUE}).")
    int areas;

    @Option(names = "--warmup-reports", defaultValue = "40000", description = "About how many reports to send through the pipeline before measuring, on indicators of their own (default: ${DEFAULT-VALUE}).")
    long warmupReports;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "How long to send at --rate for the latency figures; 0: none (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--rate", defaultValue = "1000", description = "Reports a second while measuring latency (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "The bench stack's QYX_HOME: its processes' memory is sampled, its files kept there.")
    Path home;

    @Override
    public Integer call() throws Exception {
      PipelineConfig settings = config.load();
      var plan = BenchPlan.forReports(reports, revisions, areas);
      Path sent = home.resolve("bench-sent.properties");
      switch (step) {
        case "catalog" -> {
          Path dir = home.resolve("bench-catalog");
          plan.writeCatalog(dir);
          int published = CatalogPublisher.publish(Catalog.load(dir),
              settings.kafka(), settings.getString(PipelineConfig.SCHEMA_REGISTRY_URL));
          System.out.printf("Published the bench catalog: %d indicators, %d areas (%d records).%n", plan.indicators(), plan.areas(), published);
          // Before the apps start, so the intake reads the bench unit's topic from the first report.
          try (var admin = org.apache.kafka.clients.admin.Admin.create(settings.kafka().clientConfig())) {
            cn.gov.yuhuan.qyx.schemas.TopicSetup.ensureUnitTopics(admin, List.of(BenchPlan.ACCOUNT),
                settings.getShort(PipelineConfig.TOPIC_REPLICATION_FACTOR));
          }
          return 0;
        }
        case "run" -> {
          var bench = new Bench(settings, plan, System.out);
          var figures = bench.run(home, warmupReports, latencySeconds, rate);
          bench.saveSent(sent);
          return figures.exact() ? 0 : 1;
        }
        case "check" -> {
          var bench = new Bench(settings, plan, System.out);
          bench.loadSent(sent);
          long start = System.nanoTime();
          double seconds = bench.awaitExact(start);
          System.out.printf("Every total exact again %.1f s after the apps restarted.%n", seconds);
          return 0;
        }
        default -> {
          System.err.println("qyx: bench STEP must be catalog, run or check, not " + step);
          return 2;
        }
      }
    }
  }

  public static void main(String[] args) {
    var cli = new CommandLine(new PipelineCommand());
    // A setting that is wrong deserves one clear line, not a stack trace.
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof ConfigException) {
        line.getErr().println("qyx: invalid configuration: " + e.getMessage());
        return 2;
      }
      if (e instanceof IllegalArgumentException) { // e.g. a unit that is not in the catalog
        line.getErr().println("qyx: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    System.exit(cli.execute(args));
  }
}
