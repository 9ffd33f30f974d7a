package cn.gov.yuhuan.qyx.producers;

import cn.gov.yuhuan.qyx.catalog.PublishedCatalog;
import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.catalog.Rejection;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.catalog.UnitAccounts;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.Endpoints;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Sends progress reports to the pipeline, as a unit system embeds it: each report is checked against
 * the published catalog with the pipeline's own rules first, then sent to its unit's topic
 * ({@code qyx.reports.ACCOUNT.v1}, which only that unit's login may write), idempotently,
 * acknowledged by all in-sync replicas, as Avro through the schema registry, keyed by its data value.
 *
 * <pre>{@code
 * try (var sender = ReportSender.connect(Path.of("health.properties"))) { // the file ./qyx up wrote for the unit
 *   sender.send(Reports.value("health.aed_installed", "KANMEN", "2024-05", "4")
 *       .reportingUnit("市卫生健康局").build()).join();
 * } // a report the pipeline would reject fails with ReportRejectedException, and is not sent
 * }</pre>
 */
public final class ReportSender implements AutoCloseable {
  private final KafkaProducer<String, ProgressReport> producer;
  private final ReferenceData catalog;
  private final String principal;
  /** The unit this login is, or empty for a login that may write any unit's topic (the operator's tools, a benchmark). */
  private final Optional<String> account;

  private ReportSender(KafkaProducer<String, ProgressReport> producer, ReferenceData catalog, String principal) {
    this.producer = producer;
    this.catalog = catalog;
    this.principal = principal;
    this.account = UnitAccounts.accountOf(principal);
  }

  /**
   * Connects with a unit's client file, the one the pipeline's operator hands out ({@code ./qyx units
   * credentials UNIT}): the brokers, the registry and the unit's login.
   *
   * @throws IllegalStateException if the file cannot be read, or no catalog is published
   * @throws AuthenticationException if the brokers refuse the login (the message names the user)
   */
  public static ReportSender connect(Path credentials) {
    AbstractConfig config;
    try {
      config = Endpoints.read(List.of(credentials));
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("cannot read the credentials file " + credentials + ": " + e.getCause().getMessage(), e);
    }
    return connect(KafkaAccess.from(config), config.getString(Endpoints.SCHEMA_REGISTRY_URL));
  }

  /**
   * Reads the published catalog and connects to the brokers and the registry.
   *
   * @throws IllegalStateException if no catalog is published
   */
  public static ReportSender connect(KafkaAccess kafka, String registryUrl) {
    PublishedCatalog catalog;
    try {
      catalog = PublishedCatalog.read(kafka, registryUrl);
    } catch (AuthenticationException e) {
      throw refusedLogin(kafka.principal(), e);
    }
    return connect(kafka, registryUrl, catalog);
  }

  /** Connects, checking reports against {@code catalog}. */
  public static ReportSender connect(KafkaAccess kafka, String registryUrl, ReferenceData catalog) {
    // Every unit's topic has the event log's wire format; the account here only names one.
    Topic<String, ProgressReport> topic = new Topics(new RegistryAvroSerdes(registryUrl)).unitReports("any");
    var producer = new KafkaProducer<>(producerConfig(kafka), topic.keySerde().serializer(), topic.valueSerde().serializer());
    return new ReportSender(producer, catalog, kafka.principal());
  }

  /** The producer settings every sender of reports needs. */
  public static Map<String, Object> producerConfig(KafkaAccess kafka) {
    return kafka.clientConfig(Map.of(
        // A report is sent once: retries after a lost acknowledgement do not duplicate it.
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5));
  }

  /**
   * What the pipeline would say of {@code report} sent with this login: empty if it would count it.
   * Sends nothing.
   */
  public Optional<Rejection> check(ProgressReport report) {
    Optional<Rejection> rejection = ReportRules.check(report, catalog).rejection();
    if (rejection.isPresent() || account.isEmpty()) {
      return rejection;
    }
    String unitsAccount = catalog.unit(report.getReportingUnit()).orElseThrow().getAccount();
    return account.get().equals(unitsAccount) ? Optional.empty() : Optional.of(new Rejection(RejectReason.UNIT_NOT_SENDER,
        "this login (" + principal + ") sends the reports of the unit with account " + account.get() + ", not of " + report.getReportingUnit()));
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
    String topic = Topics.unitReportsTopic(catalog.unit(atScale.getReportingUnit()).orElseThrow().getAccount());
    producer.send(new ProducerRecord<>(topic, null, timestamp, DataValueKey.of(atScale), atScale), (metadata, error) -> {
      if (error != null) {
        result.completeExceptionally(explained(error, topic));
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

  /** The broker's refusals, saying who was refused what: a unit system's operator reads these. */
  private Exception explained(Exception error, String topic) {
    if (error instanceof AuthenticationException e) {
      return refusedLogin(principal, e);
    }
    if (error instanceof TopicAuthorizationException e) {
      var explained = new TopicAuthorizationException("Kafka refused " + principal + " writing to " + topic
          + ": this login may not write there (docs/operators.md, Who may do what)", e.unauthorizedTopics());
      explained.initCause(e);
      return explained;
    }
    return error;
  }

  private static AuthenticationException refusedLogin(String principal, AuthenticationException e) {
    return new SaslAuthenticationException("Kafka refused the login of " + principal + " (" + e.getMessage()
        + "): a wrong or replaced password? The unit's current file: ./qyx units credentials UNIT", e);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
