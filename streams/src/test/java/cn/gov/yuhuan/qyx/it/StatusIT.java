package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.LeadUnits;
import cn.gov.yuhuan.qyx.events.AlertNotice;
import cn.gov.yuhuan.qyx.notify.Notifier;
import cn.gov.yuhuan.qyx.notify.WebhookReceiver;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.ops.Rebuild;
import cn.gov.yuhuan.qyx.producers.cli.ProducerCommand;
import cn.gov.yuhuan.qyx.producers.simulate.YearSimulation;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Status, alerts and notices end to end on the real services: three simulated quarters sent the way
 * {@code ./qyx simulate} sends them (every record at its simulated time, a tick at the start of each
 * day), the streams app, the sink, the notifier and a real webhook; then a rebuild from the event
 * log. Each quarter end's status history must hold exactly what the units had sent by then, and the
 * rebuild must give the same history and alerts and send nothing again.
 */
class StatusIT {
  private static final long SEED = 2024;
  private static final LocalDate UNTIL = LocalDate.of(2024, 9, 30);
  private static final List<LocalDate> QUARTER_ENDS = List.of(LocalDate.of(2024, 3, 31), LocalDate.of(2024, 6, 30), UNTIL);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What analysts read, without the columns that say when or in which order a row was written. */
  private static final Map<String, String> TABLES = Map.of(
      "status_history", "SELECT indicator_id, area_code, as_of, actual, expected, gap, completion, achieved, status, latest_period, flags "
          + "FROM qyx.status_history FINAL ORDER BY indicator_id, area_code, as_of",
      "alerts", "SELECT alert_id, kind, state, raised_as_of, resolved_as_of, as_of, status, actual, expected, gap, muted_by, notice "
          + "FROM qyx.alerts FINAL ORDER BY alert_id",
      "indicator_progress", "SELECT indicator_id, actual, area_count, as_of, expected, gap, status, latest_period, flags "
          + "FROM qyx.indicator_progress FINAL ORDER BY indicator_id");

  @Test
  void shouldJudgeEveryDayOnWhatWasSentByThenAlertOnceAndRebuildTheSame() throws Exception {
    Catalog catalog = Catalog.load(Path.of("../catalog/data"));
    int indicators = catalog.indicators().size();
    // The leagues and the annual assessment judge targets: goals stated by direction only (MONITORED) are apart.
    List<cn.gov.yuhuan.qyx.reference.IndicatorDefinition> judged = catalog.indicators().stream()
        .filter(i -> !cn.gov.yuhuan.qyx.catalog.status.Targets.isMonitored(i)).toList();
    try (LocalStack stack = LocalStack.start("StatusIT"); WebhookReceiver webhook = WebhookReceiver.start()) {
      var clickhouse = stack.clickhouse();
      Map<String, List<List<String>>> first;
      try (PipelineRun run = PipelineRun.start(stack); var notifier = new RunningNotifier(stack, webhook)) {
        long start = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("simulate"));
        args.addAll(stack.producerLogin("simulate"));
        args.addAll(List.of("--seed", String.valueOf(SEED), "--until", UNTIL.toString(), "--catalog", "../catalog/data"));
        int exit = new CommandLine(new ProducerCommand()).execute(args.toArray(String[]::new));
        assertThat(exit).as("./qyx simulate exit code").isZero();
        run.awaitLanding();
        System.out.printf("StatusIT: %d days of reports and ticks landed in %.1f s%n", UNTIL.getDayOfYear(), (System.nanoTime() - start) / 1e9);

        // Every day of every indicator is judged once, on the catalog as a whole.
        assertThat(clickhouse.value("SELECT count() FROM qyx.status_history FINAL")).isEqualTo(String.valueOf(indicators * UNTIL.getDayOfYear()));
        for (LocalDate quarterEnd : QUARTER_ENDS) {
          assertThat(actualsOn(clickhouse, quarterEnd)).as("status history on %s: what was sent by then", quarterEnd)
              .isEqualTo(expectedActuals(catalog, quarterEnd));
        }

        // 季分析 and 年考核 on 18.16: a snapshot per indicator and quarter, ranked leagues, one assessment per indicator.
        assertThat(clickhouse.value("SELECT count() FROM qyx.quarter_status WHERE complete = 1")).isEqualTo(String.valueOf(indicators * 3));
        assertThat(clickhouse.rows("SELECT quarter_end, count(), min(rank), sum(indicators) + sum(stretch_indicators) FROM qyx.quarter_domain_league "
            + "GROUP BY quarter_end ORDER BY quarter_end"))
            .extracting(r -> String.join(" ", r))
            .containsExactly("2024-03-31 9 1 " + judged.size(), "2024-06-30 9 1 " + judged.size(), "2024-09-30 9 1 " + judged.size());
        int leadUnitCredits = judged.stream().mapToInt(i -> LeadUnits.of(i).size()).sum(); // 联合牵头: once per lead unit
        assertThat(clickhouse.value("SELECT sum(indicators) + sum(stretch_indicators) FROM qyx.quarter_unit_league WHERE quarter_end = '2024-09-30'"))
            .isEqualTo(String.valueOf(leadUnitCredits));
        assertThat(clickhouse.value("SELECT count() FROM qyx.annual_assessment WHERE assessed_as_of = '" + UNTIL + "' AND final = 0"))
            .isEqualTo(String.valueOf(judged.size()));

        // Alerts: raised once, resolved once; every notice reached the webhook exactly once.
        List<List<String>> alerts = clickhouse.rows("SELECT alert_id, state, notice FROM qyx.alerts FINAL");
        assertThat(alerts).as("alerts were raised").isNotEmpty();
        notifier.awaitQuiet();
        assertThat(noticeIdsReceived(webhook)).as("notices at the webhook, each once")
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(noticeIdsWritten(stack));
        System.out.printf("StatusIT: %d alerts, %d digests, %d notices%n", alerts.size(), webhook.requests().size(),
            noticeIdsReceived(webhook).size());
        first = snapshot(clickhouse);
      }

      int digestsBefore = webhook.requests().size();
      List<String> deleted = new Rebuild(PipelineRun.config(stack, Map.of())).forgetDerived();
      assertThat(deleted).contains("topic qyx.alerts.v1", "topic qyx.status-history.v1");
      try (PipelineRun again = PipelineRun.start(stack); var notifier = new RunningNotifier(stack, webhook)) {
        long start = System.nanoTime();
        again.awaitLanding();
        System.out.printf("StatusIT: rebuilt from the event log in %.1f s%n", (System.nanoTime() - start) / 1e9);
        notifier.awaitQuiet();
        Map<String, List<List<String>>> rebuilt = snapshot(clickhouse);
        for (String table : TABLES.keySet()) {
          // The differences only when there are some: worked out for 30,000 rows on every run, they took 80-90 s.
          assertThat(rebuilt.get(table)).as(() -> table + " after the rebuild, rows only in the first run: "
              + without(first.get(table), rebuilt.get(table)) + "; only after the rebuild: " + without(rebuilt.get(table), first.get(table)))
              .isEqualTo(first.get(table));
        }
        assertThat(webhook.requests()).as("nothing notified again after the rebuild").hasSize(digestsBefore);
      }
    }
  }

  private static Map<String, String> actualsOn(ClickHouseQuery clickhouse, LocalDate asOf) throws Exception {
    Map<String, String> actuals = new TreeMap<>();
    for (List<String> row : clickhouse.rows("SELECT indicator_id, ifNull(actual, toDecimal64(0, 4)) FROM qyx.status_history FINAL "
        + "WHERE as_of = '" + asOf + "' AND (actual IS NOT NULL OR latest_period IS NULL)")) {
      actuals.put(row.get(0), row.get(1));
    }
    return actuals;
  }

  /** Per indicator with a report sent by the end of {@code day}, its city actual: the simulation's own account. */
  private static Map<String, String> expectedActuals(Catalog catalog, LocalDate day) {
    var simulation = YearSimulation.generate(catalog, SEED, day, YearSimulation.DEFAULT_BAD_SHARE);
    Map<String, String> expected = new TreeMap<>();
    simulation.expectedActuals().forEach((id, actual) -> expected.put(id, actual.setScale(4).toPlainString()));
    // Indicators nobody had reported are in the history too, with no actual.
    catalog.indicators().forEach(i -> expected.putIfAbsent(i.getId(), BigDecimal.ZERO.setScale(4).toPlainString()));
    return expected;
  }

  private static List<String> noticeIdsReceived(WebhookReceiver webhook) throws Exception {
    List<String> ids = new ArrayList<>();
    for (var request : webhook.requests()) {
      for (JsonNode notice : JSON.readTree(request.body()).path("notices")) {
        ids.add(notice.path("notice_id").asText());
      }
    }
    return ids;
  }

  /** Every notice the streams app wrote to the alerts topic: what the webhook must have got. */
  private static List<String> noticeIdsWritten(LocalStack stack) {
    var topic = new Topics(new RegistryAvroSerdes(stack.registryUrl())).alerts();
    List<String> ids = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(stack.kafka().clientConfig(Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      var partitions = consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value().getNotice() != AlertNotice.NONE) {
            ids.add(record.value().getAlertId() + "|" + record.value().getNotice());
          }
        }
      }
    }
    return ids;
  }

  private static List<List<String>> without(List<List<String>> rows, List<List<String>> others) {
    List<List<String>> left = new ArrayList<>(rows);
    left.removeAll(new java.util.HashSet<>(others)); // a list's removeAll(list) is rows x others comparisons
    return left;
  }

  private static Map<String, List<List<String>>> snapshot(ClickHouseQuery clickhouse) throws Exception {
    Map<String, List<List<String>>> tables = new HashMap<>();
    for (var table : TABLES.entrySet()) {
      tables.put(table.getKey(), clickhouse.rows(table.getValue()));
    }
    return tables;
  }

  /** The notifier, in this JVM, sending to the test's webhook; stopped on close. */
  private static final class RunningNotifier implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final PipelineConfig config;
    private final Notifier notifier;
    private final Future<?> run;

    RunningNotifier(LocalStack stack, WebhookReceiver webhook) {
      this.config = PipelineRun.config(stack, Map.of(
          PipelineConfig.NOTIFY_WEBHOOK_URL, webhook.url().toString(),
          PipelineConfig.NOTIFY_GROUP_WAIT_MS, "300"));
      this.notifier = new Notifier(config);
      this.run = thread.submit(() -> {
        notifier.run();
        return null;
      });
    }

    /** Waits until the notifier has committed past every alert (a digest is committed once sent). */
    void awaitQuiet() throws Exception {
      if (run.isDone()) {
        run.get();
      }
      assertThat(new cn.gov.yuhuan.qyx.ops.Sync(config).await(PipelineRun.LANDING_TIMEOUT, Duration.ofMillis(200)))
          .as("still behind").isEmpty();
    }

    @Override
    public void close() throws Exception {
      notifier.stop();
      run.get(30, TimeUnit.SECONDS);
      notifier.close();
      thread.shutdown();
    }
  }
}
