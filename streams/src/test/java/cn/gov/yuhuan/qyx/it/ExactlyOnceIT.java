package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.CatalogPublisher;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.ops.Lag;
import cn.gov.yuhuan.qyx.ops.OffsetAccounting;
import cn.gov.yuhuan.qyx.ops.Sync;
import cn.gov.yuhuan.qyx.ops.access.Principals;
import cn.gov.yuhuan.qyx.producers.simulate.Send;
import cn.gov.yuhuan.qyx.producers.simulate.YearSimulation;
import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.TopicSetup;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.sink.ClickHouseSink;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once, proven rather than assumed (STYLE: inject a failure mid-stream): the streams app
 * runs as its own process and is killed with SIGKILL while it still has a backlog, twice, then
 * started again; every indicator must still show exactly what the simulated year gives.
 */
class ExactlyOnceIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void shouldCountEveryReportExactlyOnceWhenTheStreamsAppIsKilledMidStream() throws Exception {
    try (LocalStack stack = LocalStack.start("ExactlyOnceIT")) {
      PipelineConfig config = PipelineRun.config(stack, Map.of());
      try (Admin admin = Admin.create(stack.kafka().clientConfig())) {
        TopicSetup.ensureTopics(admin, 3, (short) -1);
      }
      Catalog catalog = Catalog.load(Path.of("../catalog/data"));
      CatalogPublisher.publish(catalog, stack.kafka(), stack.registryUrl());
      // A whole year, good reports only: corrections, retractions and re-sends included.
      YearSimulation year = YearSimulation.generate(catalog, 7, LocalDate.of(2025, 4, 30), BigDecimal.ZERO);
      List<ProgressReport> reports = year.sends().stream()
          .filter(s -> s instanceof Send.Good).map(s -> ((Send.Good) s).report()).toList();
      PipelineRun.sendUnchecked(stack, List.of(), reports);

      var sinkThread = Executors.newSingleThreadExecutor();
      var sink = new ClickHouseSink(config);
      Future<?> sinkRun = sinkThread.submit(() -> {
        try (sink) {
          sink.run();
        }
        return null;
      });
      try {
        for (int kill = 1; kill <= 2; kill++) {
          Process app = startStreamsApp(stack);
          awaitSomeProcessed(config);
          long lagAtKill = lag(config);
          app.destroyForcibly().waitFor();   // SIGKILL: no commit, no clean close
          assertThat(lagAtKill).as("kill %d came while the app still had reports to process", kill).isPositive();
        }
        Process app = startStreamsApp(stack);
        try {
          assertThat(new Sync(config).await(TIMEOUT, Duration.ofMillis(200))).as("still behind").isEmpty();
          var clickhouse = stack.clickhouse();
          var landed = new TreeMap<String, BigDecimal>();
          for (List<String> row : clickhouse.rows("SELECT indicator_id, actual FROM qyx.indicator_progress FINAL")) {
            landed.put(row.get(0), new BigDecimal(row.get(1)));
          }
          assertThat(landed.keySet()).containsExactlyInAnyOrderElementsOf(year.expectedActuals().keySet());
          year.expectedActuals().forEach((id, expected) -> assertThat(landed.get(id)).as(id).isEqualByComparingTo(expected));
          assertThat(clickhouse.value("SELECT count() FROM qyx.progress_events FINAL")).isEqualTo(String.valueOf(reports.size()));
          // FINAL folds duplicates, so the count above cannot tell exactly-once from at-least-once:
          // the app's own outputs, read committed, must name each record of the event log once.
          OffsetAccounting.Result accounting = OffsetAccounting.check(stack.kafka(), new Topics(new RegistryAvroSerdes(stack.registryUrl())));
          assertThat(accounting.exact()).as(accounting.toString()).isTrue();
          assertThat(accounting.accepted()).as(accounting.toString()).isEqualTo(reports.size());
          assertThat(accounting.rejected()).as(accounting.toString()).isZero();
        } finally {
          app.destroy();
          app.waitFor();
        }
      } finally {
        sink.stop();
        sinkRun.get();
        sinkThread.shutdown();
      }
    }
  }

  /** The streams app as {@code ./qyx up} runs it, in a process of its own so it can be killed. */
  private static Process startStreamsApp(LocalStack stack) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
        "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile", ""),
        "cn.gov.yuhuan.qyx.cli.PipelineCommand", "streams",
        "--config", stack.home().resolve("stack.properties").toString(),
        "--config", stack.credentials().service(Principals.PIPELINE).toString(),
        "--set", "state.dir=" + stack.home().resolve("streams-state"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(stack.home().toFile(), "streams-process.log")))
        .start();
  }

  /** Waits until the app has committed some input, so the kill lands mid-stream. */
  private static void awaitSomeProcessed(PipelineConfig config) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long start = lag(config);
    while (lag(config) >= start && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /**
   * Reports the app has not committed yet: on the units' topics, not copied yet by the intake, and
   * on the event log (a copy moves a report from one to the other; only processing lowers the sum).
   */
  private static long lag(PipelineConfig config) throws Exception {
    try (Admin admin = Admin.create(config.kafka().clientConfig())) {
      Set<String> unitTopics = admin.listTopics().names().get().stream().filter(t -> Topics.accountOf(t).isPresent())
          .collect(java.util.stream.Collectors.toSet());
      return java.util.stream.Stream.concat(Lag.behind(admin, Intake.APPLICATION_ID, unitTopics).stream(),
              Lag.behind(admin, config.getString(PipelineConfig.APPLICATION_ID), Set.of(Topics.PROGRESS_REPORTS)).stream())
          .mapToLong(Lag.Behind::lag).sum();
    }
  }
}
