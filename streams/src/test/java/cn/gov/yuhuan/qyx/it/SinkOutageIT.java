package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.fixtures.MixedBatch;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * ClickHouse down for longer than the sink used to retry (10 attempts): the sink holds its
 * partitions and keeps trying, then lands everything once ClickHouse is back; a record it cannot
 * decode is set aside in undecodable_records and the records after it land.
 */
class SinkOutageIT {
  /** With retries at most 1 s apart, at least 15 attempts in this time. */
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  void shouldLandEverythingOnceClickHouseIsBackAndSetAsideARecordItCannotDecode() throws Exception {
    try (LocalStack stack = LocalStack.start("SinkOutageIT");
        PipelineRun run = PipelineRun.start(stack, Map.of(PipelineConfig.SINK_RETRY_BACKOFF_MS, "100",
            PipelineConfig.SINK_RETRY_MAX_BACKOFF_MS, "1000", PipelineConfig.METRICS_PORT, "0"))) {
      String sink = "http://127.0.0.1:" + run.sinkMetricsPort();
      run.send(List.of(), List.of(MixedBatch.trails("before-outage", "KANMEN", "2024-05", "3")));
      run.awaitLanding();

      stack.stop("clickhouse");
      run.send(List.of(), List.of(MixedBatch.trails("during-outage-1", "CHUMEN", "2024-05", "4"),
          MixedBatch.trails("during-outage-2", "LUPU", "2024-05", "5")));
      RecordMetadata poison = sendNotAvro(stack, Topics.STATUS_HISTORY); // a topic only the sink reads
      Thread.sleep(OUTAGE.toMillis());
      assertThat(run.sinksRunning()).as("the sink still running after %s of ClickHouse down", OUTAGE).isTrue();
      HttpResponse<String> retrying = get(sink + "/health");
      assertThat(retrying.statusCode()).isEqualTo(503);
      assertThat(retrying.body()).contains("\"status\":\"RETRYING\"", "\"failures_in_row\":");
      stack.startStopped();
      run.awaitLanding();
      assertThat(get(sink + "/health").body()).contains("\"status\":\"UP\"");
      assertThat(get(sink + "/metrics").body()).contains("qyx_sink_rows_total{app=\"sink\",table=\"progress_events\"}",
          "qyx_sink_failures_in_row{app=\"sink\"} 0.0", "kafka_consumer_fetch_manager_records_lag");

      assertThat(stack.clickhouse().value("SELECT count() FROM qyx.progress_events FINAL WHERE event_id IN "
          + "('before-outage', 'during-outage-1', 'during-outage-2')")).isEqualTo("3");
      assertThat(stack.clickhouse().rows("SELECT source_topic, source_partition, source_offset, raw_value_base64 FROM qyx.undecodable_records FINAL"))
          .containsExactly(List.of(Topics.STATUS_HISTORY, String.valueOf(poison.partition()), String.valueOf(poison.offset()),
              Base64.getEncoder().encodeToString("not avro".getBytes(StandardCharsets.UTF_8))));
      assertThat(stack.clickhouse().value("SELECT error FROM qyx.undecodable_records FINAL")).isNotBlank();
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static RecordMetadata sendNotAvro(LocalStack stack, String topic) throws Exception {
    try (var producer = new KafkaProducer<>(stack.kafka().clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, "poison".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8))).get();
    }
  }
}
