package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.fixtures.MixedBatch;
import cn.gov.yuhuan.qyx.producers.ReportSender;
import cn.gov.yuhuan.qyx.producers.demo.DemoBatch;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
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
