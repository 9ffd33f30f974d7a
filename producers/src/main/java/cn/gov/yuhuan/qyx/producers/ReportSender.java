package cn.gov.yuhuan.qyx.producers;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends progress reports to the pipeline's event log, as a unit system embeds it: idempotent,
 * acknowledged by all in-sync replicas, Avro through the schema registry, keyed by the data value.
 *
 * <pre>{@code
 * try (var sender = ReportSender.connect("127.0.0.1:19092", "http://127.0.0.1:18081/apis/registry/v3")) {
 *   sender.send(report).join();
 * }
 * }</pre>
 */
public final class ReportSender implements AutoCloseable {
  private final KafkaProducer<String, ProgressReport> producer;
  private final Topic<String, ProgressReport> topic;

  private ReportSender(KafkaProducer<String, ProgressReport> producer, Topic<String, ProgressReport> topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** Connects to the brokers and the registry; nothing is sent until {@link #send}. */
  public static ReportSender connect(String bootstrapServers, String registryUrl) {
    Topic<String, ProgressReport> topic = new Topics(new RegistryAvroSerdes(registryUrl)).progressReports();
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        // A report is sent once: retries after a lost acknowledgement do not duplicate it.
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5);
    var producer = new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
    return new ReportSender(producer, topic);
  }

  /**
   * Sends one report. The future completes when the broker has it, or fails with the reason (a
   * value with more than four decimal places, the broker or the registry unreachable, a schema the
   * registry rejects).
   */
  public CompletableFuture<RecordMetadata> send(ProgressReport report) {
    var result = new CompletableFuture<RecordMetadata>();
    try {
      report = withContractScale(report);
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(e);
      return result;
    }
    producer.send(new ProducerRecord<>(topic.name(), DataValueKey.of(report), report), (metadata, error) -> {
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(metadata);
      }
    });
    return result;
  }

  /** A copy of {@code report} with its decimals at the scale of the schema, so 4 and 4.0 both send. */
  private static ProgressReport withContractScale(ProgressReport report) {
    return ProgressReport.newBuilder(report)
        .setValue(Decimals.atScale("value", report.getValue()))
        .setNumerator(Decimals.atScale("numerator", report.getNumerator()))
        .setDenominator(Decimals.atScale("denominator", report.getDenominator()))
        .build();
  }

  /** Blocks until every report sent so far is acknowledged. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
