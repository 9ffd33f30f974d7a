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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole slice on real services: producer library → Kafka → streams app → sink → ClickHouse,
 * read back over HTTP.
 */
class PipelineIT {
  @RegisterExtension static final RunningPipeline running = new RunningPipeline();

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
