package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.CatalogPublisher;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.ops.Sync;
import cn.gov.yuhuan.qyx.producers.ReportSender;
import cn.gov.yuhuan.qyx.producers.demo.DemoBatch;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.sink.ClickHouseSink;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import cn.gov.yuhuan.qyx.streams.StreamsApp;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole slice on real services: producer library → Kafka → streams app → sink → ClickHouse,
 * read back over HTTP.
 */
class PipelineIT {
  private static final Duration LANDING_TIMEOUT = Duration.ofSeconds(90);

  private static LocalStack stack;
  private static PipelineConfig config;
  private static KafkaStreams streams;
  private static final ExecutorService sinks = Executors.newCachedThreadPool();
  private static final List<ClickHouseSink> runningSinks = new java.util.ArrayList<>();
  private static final List<Future<?>> sinkRuns = new java.util.ArrayList<>();
  private static ClickHouseQuery clickhouse;

  @BeforeAll
  static void startPipeline() throws Exception {
    stack = LocalStack.start("PipelineIT");
    config = config(Map.of());
    publishCatalog(stack);
    streams = StreamsApp.start(config, (now, before) -> {});
    startSink(config);
    clickhouse = new ClickHouseQuery(stack.clickhouseUrl());
    awaitLanding(); // the sink has created its tables and joined its group
  }

  @AfterAll
  static void stopPipeline() throws Exception {
    runningSinks.forEach(ClickHouseSink::stop);
    sinks.shutdown();
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldLandTheCityTotalOfEverySentReportInClickHouse() throws Exception {
    DemoBatch batch = DemoBatch.generate(7);
    try (var sender = ReportSender.connect(stack.bootstrapServers(), stack.registryUrl())) {
      CompletableFuture.allOf(batch.reports().stream().map(sender::send).toArray(CompletableFuture[]::new)).join();
    }
    awaitLanding();

    Map<String, BigDecimal> landed = new TreeMap<>();
    for (List<String> row : clickhouse.rows(
        "SELECT indicator_id, actual FROM qyx.indicator_progress FINAL WHERE indicator_id IN ("
            + quoted(batch.expectedTotals().keySet()) + ")")) {
      landed.put(row.get(0), new BigDecimal(row.get(1)));
    }
    assertThat(landed).hasSameSizeAs(batch.expectedTotals());
    batch.expectedTotals().forEach((indicator, total) ->
        assertThat(landed.get(indicator)).as(indicator).isEqualByComparingTo(total));
    // The areas add up to the city.
    assertThat(new BigDecimal(clickhouse.value("SELECT sum(actual) FROM qyx.area_progress FINAL WHERE indicator_id = 'housing.rental_units'")))
        .isEqualByComparingTo(batch.expectedTotals().get("housing.rental_units"));
  }

  @Test
  void shouldAccountForEveryRecordAsAcceptedOrRejectedWithEveryReasonCode() throws Exception {
    long acceptedBefore = count("progress_events");
    long rejectedBefore = count("rejected_events");
    MixedBatch batch = new MixedBatch();
    try (var raw = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
            new ByteArraySerializer(), new ByteArraySerializer());
        var sender = ReportSender.connect(stack.bootstrapServers(), stack.registryUrl())) {
      for (byte[] bytes : batch.rawRecords()) {
        raw.send(new ProducerRecord<>(Topics.PROGRESS_REPORTS, "raw".getBytes(StandardCharsets.UTF_8), bytes)).get();
      }
      for (ProgressReport report : batch.reports()) {
        sender.send(report).join();
      }
    }
    awaitLanding();

    long accepted = count("progress_events") - acceptedBefore;
    long rejected = count("rejected_events") - rejectedBefore;
    assertThat(accepted).as("accepted").isEqualTo(batch.expectedAccepted());
    assertThat(accepted + rejected).as("received = accepted + rejected").isEqualTo(batch.received());
    Map<String, Long> reasons = new TreeMap<>();
    for (List<String> row : clickhouse.rows("SELECT reason, count() FROM qyx.rejected_events FINAL GROUP BY reason")) {
      reasons.put(row.get(0), Long.parseLong(row.get(1)));
    }
    assertThat(reasons.keySet()).containsAll(batch.expectedReasons());
    for (List<String> row : clickhouse.rows("SELECT reason, source_topic, source_offset >= 0, detail != '' FROM qyx.rejected_events FINAL")) {
      assertThat(row.subList(1, 4)).as("origin and detail of a %s rejection", row.get(0)).containsExactly(Topics.PROGRESS_REPORTS, "1", "1");
    }
  }

  @Test
  void shouldShowTheSameNumbersWhenEveryResultIsLandedAgain() throws Exception {
    try (var sender = ReportSender.connect(stack.bootstrapServers(), stack.registryUrl())) {
      sender.send(MixedBatch.trails("replay-1", "LUPU", "2024-07", "9")).join();
    }
    awaitLanding();
    String before = snapshot();

    // A second sink with a fresh consumer group lands every result from the beginning again.
    startSink(config(Map.of(PipelineConfig.SINK_GROUP_ID, "qyx-sink-replay")));
    List<String> behind = new Sync(config(Map.of(PipelineConfig.SINK_GROUP_ID, "qyx-sink-replay"))).await(LANDING_TIMEOUT, Duration.ofMillis(200));
    assertThat(behind).as("replaying sink still behind").isEmpty();

    assertThat(snapshot()).isEqualTo(before);
    for (String table : List.of("indicator_progress", "area_progress")) {
      String keys = table.equals("area_progress") ? "indicator_id, area_code" : "indicator_id";
      List<List<String>> duplicates = clickhouse.rows("SELECT " + keys + ", count() AS c FROM qyx." + table
          + " FINAL GROUP BY " + keys + " HAVING c > 1");
      assertThat(duplicates).as("rows counted twice in " + table).isEmpty();
    }
  }

  private static long count(String table) throws Exception {
    return Long.parseLong(clickhouse.value("SELECT count() FROM qyx." + table + " FINAL"));
  }

  /** As {@code ./qyx up} does: the topics with their retention, then the catalog, before the app starts. */
  private static void publishCatalog(LocalStack stack) throws InterruptedException {
    try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()))) {
      cn.gov.yuhuan.qyx.schemas.TopicSetup.ensureTopics(admin, 3, (short) -1);
    }
    Catalog catalog = Catalog.load(Path.of("../catalog/data"));
    CatalogPublisher.publish(catalog, stack.bootstrapServers(), stack.registryUrl());
  }

  private static String snapshot() throws Exception {
    return clickhouse.rows("SELECT indicator_id, actual, area_count FROM qyx.indicator_progress FINAL ORDER BY indicator_id")
        + "\n" + clickhouse.rows("SELECT indicator_id, area_code, actual, value_count FROM qyx.area_progress FINAL ORDER BY indicator_id, area_code");
  }

  private static void awaitLanding() throws Exception {
    failIfASinkDied();
    assertThat(new Sync(config).await(LANDING_TIMEOUT, Duration.ofMillis(200))).as("still behind").isEmpty();
  }

  /** A sink that died would only show as lag; its exception says why. */
  private static void failIfASinkDied() throws Exception {
    for (Future<?> run : sinkRuns) {
      if (run.isDone()) {
        run.get();
      }
    }
  }

  private static void startSink(PipelineConfig sinkConfig) {
    var sink = new ClickHouseSink(sinkConfig);
    runningSinks.add(sink);
    sinkRuns.add(sinks.submit(() -> {
      try (sink) {
        sink.run();
      } catch (Exception e) {
        throw new IllegalStateException("sink failed", e);
      }
      return null;
    }));
  }

  private static PipelineConfig config(Map<String, String> overrides) {
    Map<String, Object> settings = new HashMap<>(stack.endpoints());
    settings.put(PipelineConfig.STATE_DIR, stack.home().resolve("streams-state").toString());
    settings.putAll(overrides);
    return new PipelineConfig(settings);
  }

  private static String quoted(java.util.Collection<String> values) {
    return String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
  }

}
