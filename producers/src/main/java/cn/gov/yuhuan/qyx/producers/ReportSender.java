package cn.gov.yuhuan.qyx.producers;

import cn.gov.yuhuan.qyx.catalog.PublishedCatalog;
import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.Rejection;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends progress reports to the pipeline's event log, as a unit system embeds it: each report is
 * checked against the published catalog with the pipeline's own rules first, then sent idempotently,
 * acknowledged by all in-sync replicas, as Avro through the schema registry, keyed by its data value.
 *
 * <pre>{@code
 * try (var sender = ReportSender.connect("127.0.0.1:19092", "http://127.0.0.1:18081/apis/registry/v3")) {
 *   sender.send(Reports.value("health.aed_installed", "KANMEN", "2024-05", "4")
 *       .reportingUnit("市卫生健康局").build()).join();
 * } // a report the pipeline would reject fails with ReportRejectedException, and is not sent
 * }</pre>
 */
public final class ReportSender implements AutoCloseable {
  private final KafkaProducer<String, ProgressReport> producer;
  private final Topic<String, ProgressReport> topic;
  private final ReferenceData catalog;

  private ReportSender(KafkaProducer<String, ProgressReport> producer, Topic<String, ProgressReport> topic, ReferenceData catalog) {
    this.producer = producer;
    this.topic = topic;
    this.catalog = catalog;
  }

  /**
   * Reads the published catalog and connects to the brokers and the registry.
   *
   * @throws IllegalStateException if no catalog is published
   */
  public static ReportSender connect(String bootstrapServers, String registryUrl) {
    return connect(bootstrapServers, registryUrl, PublishedCatalog.read(bootstrapServers, registryUrl));
  }

  /** Connects, checking reports against {@code catalog}. */
  public static ReportSender connect(String bootstrapServers, String registryUrl, ReferenceData catalog) {
    Topic<String, ProgressReport> topic = new Topics(new RegistryAvroSerdes(registryUrl)).progressReports();
    var producer = new KafkaProducer<>(producerConfig(bootstrapServers), topic.keySerde().serializer(), topic.valueSerde().serializer());
    return new ReportSender(producer, topic, catalog);
  }

  /** The producer settings every sender of reports needs. */
  public static Map<String, Object> producerConfig(String bootstrapServers) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        // A report is sent once: retries after a lost acknowledgement do not duplicate it.
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5);
  }

  /** What the pipeline would say of {@code report}: empty if it would count it. Sends nothing. */
  public Optional<Rejection> check(ProgressReport report) {
    return ReportRules.check(report, catalog).rejection();
  }

  /**
   * Checks, then sends one report. The future completes when the broker has it; it fails with
   * {@link ReportRejectedException} (nothing sent) if the pipeline would reject it, with an
   * {@link IllegalArgumentException} for a decimal with more than four places, or with the
   * broker's or the registry's error.
   */
  public CompletableFuture<RecordMetadata> send(ProgressReport report) {
    return send(report, null);
  }

  /**
   * As {@link #send(ProgressReport)}, with the record's time set to {@code sentAt} instead of now.
   * Status takes the record's time as when the pipeline learned of the report (an as-of date is
   * judged on the reports sent before its tick), so only a simulation of a past year, whose ticks
   * carry simulated times too, should set it.
   */
  public CompletableFuture<RecordMetadata> send(ProgressReport report, Instant sentAt) {
    var result = new CompletableFuture<RecordMetadata>();
    ProgressReport atScale;
    try {
      atScale = Reports.withContractScale(report);
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(e);
      return result;
    }
    Optional<Rejection> rejection = check(atScale);
    if (rejection.isPresent()) {
      result.completeExceptionally(new ReportRejectedException(rejection.get(), report.getEventId()));
      return result;
    }
    Long timestamp = sentAt == null ? null : sentAt.toEpochMilli();
    producer.send(new ProducerRecord<>(topic.name(), null, timestamp, DataValueKey.of(atScale), atScale), (metadata, error) -> {
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(metadata);
      }
    });
    return result;
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
