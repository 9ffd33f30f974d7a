package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.fixtures.MixedBatch;
import cn.gov.yuhuan.qyx.producers.ReportSender;
import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.producers.demo.DemoBatch;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole slice on real services: producer library → Kafka → streams app → sink → ClickHouse,
 * read back over HTTP; and the sink riding out a ClickHouse outage.
 */
class PipelineIT {
  /** The sink retries at most 1 s apart here: an outage of {@link #OUTAGE} is at least 15 attempts. */
  @RegisterExtension static final RunningPipeline running = new RunningPipeline(Map.of(PipelineConfig.SINK_RETRY_BACKOFF_MS, "100",
      PipelineConfig.SINK_RETRY_MAX_BACKOFF_MS, "1000", PipelineConfig.METRICS_PORT, "0"));
  /** Longer than the sink used to retry (10 attempts) before it gave up and exited. */
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  void shouldLandTheCityTotalOfEverySentReportInClickHouse() throws Exception {
    DemoBatch batch = DemoBatch.generate(7);
    try (var sender = ReportSender.connect(running.stack().kafka(), running.stack().registryUrl())) {
      CompletableFuture.allOf(batch.reports().stream().map(sender::send).toArray(CompletableFuture[]::new)).join();
    }
    running.run().awaitLanding();

    Map<String, BigDecimal> landed = new TreeMap<>();
    for (List<String> row : running.clickhouse().rows(
        "SELECT indicator_id, actual FROM qyx.indicator_progress FINAL WHERE indicator_id IN ("
            + quoted(batch.expectedTotals().keySet()) + ")")) {
      landed.put(row.get(0), new BigDecimal(row.get(1)));
    }
    assertThat(landed).hasSameSizeAs(batch.expectedTotals());
    batch.expectedTotals().forEach((indicator, total) ->
        assertThat(landed.get(indicator)).as(indicator).isEqualByComparingTo(total));
    // The areas add up to the city.
    assertThat(new BigDecimal(running.clickhouse().value("SELECT sum(actual) FROM qyx.area_progress FINAL WHERE indicator_id = 'housing.rental_units'")))
        .isEqualByComparingTo(batch.expectedTotals().get("housing.rental_units"));
  }

  @Test
  void shouldAccountForEveryRecordAsAcceptedOrRejectedWithEveryReasonCode() throws Exception {
    long acceptedBefore = count("progress_events");
    long rejectedBefore = count("rejected_events");
    MixedBatch batch = new MixedBatch();
    running.run().send(batch.rawRecords(), batch.reports());
    running.run().awaitLanding();

    long accepted = count("progress_events") - acceptedBefore;
    long rejected = count("rejected_events") - rejectedBefore;
    assertThat(accepted).as("accepted").isEqualTo(batch.expectedAccepted());
    assertThat(accepted + rejected).as("received = accepted + rejected").isEqualTo(batch.received());
    Map<String, Long> reasons = new TreeMap<>();
    for (List<String> row : running.clickhouse().rows("SELECT reason, count() FROM qyx.rejected_events FINAL GROUP BY reason")) {
      reasons.put(row.get(0), Long.parseLong(row.get(1)));
    }
    assertThat(reasons.keySet()).containsAll(batch.expectedReasons());
    for (List<String> row : running.clickhouse().rows("SELECT reason, source_topic, source_offset >= 0, detail != '' FROM qyx.rejected_events FINAL")) {
      assertThat(row.subList(1, 4)).as("origin and detail of a %s rejection", row.get(0)).containsExactly(Topics.PROGRESS_REPORTS, "1", "1");
    }
  }

  @Test
  void shouldDeadLetterAReportAUnitSentAsAnotherUnitAndCountOnlyItsOwn() throws Exception {
    // A unit system that bypasses the library (which refuses it) and writes, on its own topic,
    // a report naming another unit: the broker lets it write there, the pipeline refuses the report.
    ProgressReport asHealth = Reports.withContractScale(MixedBatch.trails("as-health", "SHAMEN", "2024-07", "5"));
    var topic = new Topics(new RegistryAvroSerdes(running.stack().registryUrl())).unitReports("education");
    try (var education = new KafkaProducer<>(ReportSender.producerConfig(running.stack().kafkaAsUnit("education")),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      education.send(new ProducerRecord<>(topic.name(), DataValueKey.of(asHealth), asHealth)).get();
    }
    running.run().awaitLanding();

    assertThat(running.clickhouse().rows("SELECT reason, detail FROM qyx.rejected_events FINAL WHERE detail LIKE '%event_id=as-health%'"))
        .singleElement().satisfies(row -> {
          assertThat(row.get(0)).isEqualTo("UNIT_NOT_SENDER");
          assertThat(row.get(1)).contains("sent by unit-education (on qyx.reports.education.v1) as 市卫生健康局, whose login is unit-health");
        });
    assertThat(running.clickhouse().value("SELECT count() FROM qyx.progress_events FINAL WHERE event_id = 'as-health'")).isEqualTo("0");
  }

  @Test
  void shouldShowTheSameNumbersWhenEveryResultIsLandedAgain() throws Exception {
    try (var sender = ReportSender.connect(running.stack().kafka(), running.stack().registryUrl())) {
      sender.send(MixedBatch.trails("replay-1", "LUPU", "2024-07", "9")).join();
    }
    running.run().awaitLanding();
    String before = snapshot();

    // A second sink with a fresh consumer group lands every result from the beginning again: it
    // starts at offset 0 and commits only after ClickHouse took the rows, so once its group has
    // caught up, every row has been inserted a second time.
    PipelineConfig replaying = PipelineRun.config(running.stack(), Map.of(PipelineConfig.SINK_GROUP_ID, "qyx-sink-replay"));
    running.run().startSink(replaying);
    running.run().awaitLanding(replaying);

    assertThat(snapshot()).as("what analysts read after everything landed twice").isEqualTo(before);
  }

  /**
   * ClickHouse down for longer than the sink used to retry: the sink holds its partitions and keeps
   * trying, then lands everything once ClickHouse is back; a record it cannot decode is set aside in
   * undecodable_records and the records after it land.
   */
  @Test
  void shouldLandEverythingOnceClickHouseIsBackAndSetAsideARecordItCannotDecode() throws Exception {
    LocalStack stack = running.stack();
    PipelineRun run = running.run();
    String sink = "http://127.0.0.1:" + run.sinkMetricsPort();
    run.send(List.of(), List.of(MixedBatch.trails("before-outage", "KANMEN", "2024-05", "3")));
    run.awaitLanding();

    RecordMetadata poison;
    stack.stop("clickhouse");
    try { // started again whatever fails: the class's other tests share this stack
      run.send(List.of(), List.of(MixedBatch.trails("during-outage-1", "CHUMEN", "2024-05", "4"),
          MixedBatch.trails("during-outage-2", "LUPU", "2024-05", "5")));
      poison = sendNotAvro(stack, Topics.STATUS_HISTORY); // a topic only the sink reads
      Thread.sleep(OUTAGE.toMillis());
      assertThat(run.sinksRunning()).as("the sink still running after %s of ClickHouse down", OUTAGE).isTrue();
      HttpResponse<String> retrying = get(sink + "/health");
      assertThat(retrying.statusCode()).isEqualTo(503);
      assertThat(retrying.body()).contains("\"status\":\"RETRYING\"", "\"failures_in_row\":");
    } finally {
      stack.startStopped();
    }
    run.awaitLanding();
    assertThat(get(sink + "/health").body()).contains("\"status\":\"UP\"");
    assertThat(get(sink + "/metrics").body()).contains("qyx_sink_rows_total{app=\"sink\",table=\"progress_events\"}",
        "qyx_sink_failures_in_row{app=\"sink\"} 0.0", "kafka_consumer_fetch_manager_records_lag");

    assertThat(stack.clickhouse().value("SELECT count() FROM qyx.progress_events FINAL WHERE event_id IN "
        + "('before-outage', 'during-outage-1', 'during-outage-2')")).isEqualTo("3");
    assertThat(stack.clickhouse().rows("SELECT source_topic, source_partition, source_offset, raw_value_base64 FROM qyx.undecodable_records FINAL "
        + "WHERE source_topic = '" + Topics.STATUS_HISTORY + "'"))
        .containsExactly(List.of(Topics.STATUS_HISTORY, String.valueOf(poison.partition()), String.valueOf(poison.offset()),
            Base64.getEncoder().encodeToString("not avro".getBytes(StandardCharsets.UTF_8))));
    assertThat(stack.clickhouse().value("SELECT any(error) FROM qyx.undecodable_records FINAL WHERE source_topic = '"
        + Topics.STATUS_HISTORY + "' AND source_offset = " + poison.offset())).isNotBlank();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static RecordMetadata sendNotAvro(LocalStack stack, String topic) throws Exception {
    try (var producer = new KafkaProducer<>(stack.kafka().clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, "poison".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  private static long count(String table) throws Exception {
    return Long.parseLong(running.clickhouse().value("SELECT count() FROM qyx." + table + " FINAL"));
  }

  private static String snapshot() throws Exception {
    return running.clickhouse().rows("SELECT indicator_id, actual, area_count FROM qyx.indicator_progress FINAL ORDER BY indicator_id")
        + "\n" + running.clickhouse().rows("SELECT indicator_id, area_code, actual, value_count FROM qyx.area_progress FINAL ORDER BY indicator_id, area_code");
  }

  private static String quoted(java.util.Collection<String> values) {
    return String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
  }

}
