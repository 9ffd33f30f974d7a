package cn.gov.yuhuan.qyx.notify;

import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.ops.RetryDelays;
import cn.gov.yuhuan.qyx.ops.Telemetry;
import cn.gov.yuhuan.qyx.ops.Unanswered;
import cn.gov.yuhuan.qyx.ops.UndecodableRecords;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the alert notices of {@link Topics#ALERTS} to a webhook, one digest per lead unit and
 * evaluation, retrying a receiver that is down for as long as it takes.
 *
 * <p>Delivery: a digest is POSTed; after the receiver answered 2xx, ONE Kafka transaction writes
 * a ledger record per notice to {@link Topics#NOTICES_SENT} and commits the alerts offsets up to
 * the lowest one still waiting in an unsent digest. At start (and at every partition assignment)
 * the whole ledger is read, and a notice found there is never sent again: not after a restart, not
 * after the alerts topic is replayed at new offsets, not after the consumer group is deleted.
 *
 * <p>The only window for a duplicate is a crash (or a lost broker) after the webhook answered 2xx
 * and before that transaction committed: the notices are then read again and sent again. The
 * digest id (sha-256 of lead unit, as-of and the sorted notice ids) is the same when the same
 * notices are grouped again, and goes as {@code Idempotency-Key}, so a receiver that remembers
 * recent keys can drop the copy. Nothing is ever lost: offsets never pass an unsent notice.
 *
 * <p>Run one notifier per {@code notify.group.id}: the transactional id is the group id, so a
 * restarted notifier aborts whatever transaction its predecessor left open.
 */
public final class Notifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  /** Poll timeout while nothing waits: only new records can change anything. */
  private static final Duration IDLE_POLL = Duration.ofMillis(500);
  /** Poll timeout while a group waits or a retry is due: short, so neither is late by much. */
  private static final Duration BUSY_POLL = Duration.ofMillis(50);
  /** Longest time spent sending due digests between two polls, well within max.poll.interval.ms. */
  private static final long MAX_SENDING_MS = 10_000;
  /** How often consumer progress over skipped records is committed when nothing is sent. */
  private static final long PROGRESS_COMMIT_MS = 1_000;

  private final KafkaAccess kafka;
  private final String groupId;
  private final URI url;
  private final Webhook webhook;
  private final RetryDelays delays;
  private final DigestGroups groups;
  private final KafkaConsumer<String, Alert> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Telemetry telemetry;
  private final KafkaClientMetrics consumerMetrics;

  private SentLedger ledger = new SentLedger(Set.of());
  private volatile int failedAttempts; // read by /health too
  private long nextAttemptAtMs;
  private long lastProgressCommitMs;
  private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();

  public Notifier(PipelineConfig config) {
    this.url = webhookUrl(config);
    long firstDelay = config.getLong(PipelineConfig.NOTIFY_RETRY_INITIAL_MS);
    long longestDelay = config.getLong(PipelineConfig.NOTIFY_RETRY_MAX_MS);
    if (longestDelay < firstDelay) {
      throw new ConfigException(PipelineConfig.NOTIFY_RETRY_MAX_MS + "=" + longestDelay + " is below "
          + PipelineConfig.NOTIFY_RETRY_INITIAL_MS + "=" + firstDelay + ": raise the first or lower the second");
    }
    this.kafka = config.kafka();
    this.groupId = config.getString(PipelineConfig.NOTIFY_GROUP_ID);
    this.webhook = new Webhook(url, DigestPayload.forFormat(config.getString(PipelineConfig.NOTIFY_FORMAT)),
        config.getPassword(PipelineConfig.NOTIFY_WEBHOOK_SECRET).value(), Clock.systemUTC());
    this.delays = new RetryDelays(Duration.ofMillis(firstDelay), Duration.ofMillis(longestDelay));
    this.groups = new DigestGroups(config.getLong(PipelineConfig.NOTIFY_GROUP_WAIT_MS));
    Topic<String, Alert> alerts = new Topics(new RegistryAvroSerdes(config.getString(PipelineConfig.SCHEMA_REGISTRY_URL))).alerts();
    this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, groupId,
        // Only what the streams app committed: an aborted evaluation tells nobody anything.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.getInt(PipelineConfig.GROUP_SESSION_TIMEOUT_MS))),
        alerts.keySerde().deserializer(), alerts.valueSerde().deserializer());
    this.producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId)),
        new ByteArraySerializer(), new ByteArraySerializer()); // the ledger's text as UTF-8, set-aside records as they came
    this.telemetry = Telemetry.start("notifier", config.getString(PipelineConfig.METRICS_HOST), config.getInt(PipelineConfig.METRICS_PORT));
    this.consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(telemetry.registry());
    Gauge.builder("qyx.notifier.pending.digests", this, n -> n.groups.pending())
        .description("Digests not sent yet: waiting for their group, or for the receiver").register(telemetry.registry());
    Gauge.builder("qyx.notifier.failures.in.row", this, n -> n.failedAttempts)
        .description("Failed attempts at the digest due; 0 while the receiver takes them").register(telemetry.registry());
    telemetry.health(() -> failedAttempts == 0
        ? Telemetry.Health.up(Map.of("pending_digests", groups.pending()))
        : new Telemetry.Health("RETRYING", Map.of("failures_in_row", failedAttempts, "pending_digests", groups.pending())));
  }

  /** {@value PipelineConfig#NOTIFY_WEBHOOK_URL}, which the notifier cannot run without. */
  public static URI webhookUrl(PipelineConfig config) {
    String url = config.getPassword(PipelineConfig.NOTIFY_WEBHOOK_URL).value();
    if (url == null || url.isBlank()) {
      throw new ConfigException(PipelineConfig.NOTIFY_WEBHOOK_URL + " is empty, and the notifier needs a webhook to send to: set "
          + PipelineConfig.NOTIFY_WEBHOOK_URL + " in a config file (./qyx writes one from QYX_NOTIFY_WEBHOOK_URL)");
    }
    try {
      URI uri = URI.create(url.strip());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http or https");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      // Not the value itself in the message: it may hold the robot's access token.
      throw new ConfigException(PipelineConfig.NOTIFY_WEBHOOK_URL + " is not an http(s) URL: " + e.getMessage());
    }
  }

  /** Sends digests until {@link #stop()} is called. */
  public void run() throws InterruptedException {
    producer.initTransactions(); // aborts a transaction a crashed predecessor left open
    consumer.subscribe(List.of(Topics.ALERTS), new Rebalance());
    log.info("Notifier started url=[{}] group=[{}] topic=[{}]", withoutQuery(url), groupId, Topics.ALERTS);
    try {
      int unanswered = 0;
      while (running.get()) {
        long now = System.currentTimeMillis();
        ConsumerRecords<String, Alert> records;
        try {
          records = consumer.poll(groups.isEmpty() ? IDLE_POLL : BUSY_POLL);
          unanswered = 0;
        } catch (RecordDeserializationException e) {
          if (Unanswered.is(e)) {
            // The registry did not answer: the same record is polled again after the delay.
            Duration delay = delays.after(++unanswered);
            log.warn("Cannot decode alert partition=[{}] offset=[{}]: the registry does not answer ({}); reading it again in {} ms",
                e.topicPartition(), e.offset(), e.getCause(), delay.toMillis());
            Thread.sleep(delay.toMillis());
          } else {
            setAside(e);
          }
          continue;
        }
        for (ConsumerRecord<String, Alert> record : records) {
          collect(record, now);
        }
        sendDue();
        commitProgress();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    }
  }

  /**
   * An alert no schema reads (a bug, or a writer other than the streams app): its bytes and place go
   * to {@value Topics#UNDECODABLE_RECORDS}, which the sink lands in {@code undecodable_records}, and
   * the notifier goes on past it. Written before the offsets pass it, so it is never lost (at worst
   * written twice, which the table folds).
   */
  private void setAside(RecordDeserializationException e) {
    log.error("Setting aside an alert no schema reads partition=[{}] offset=[{}] in {}: {}", e.topicPartition(), e.offset(),
        Topics.UNDECODABLE_RECORDS, String.valueOf(e.getCause()));
    try {
      producer.beginTransaction();
      producer.send(UndecodableRecords.of(e));
      producer.commitTransaction();
    } catch (KafkaException failed) {
      abortQuietly();
      throw failed;
    }
    consumer.seek(e.topicPartition(), e.offset() + 1);
  }

  private void collect(ConsumerRecord<String, Alert> record, long now) {
    if (record.value() == null) {
      return;
    }
    Optional<Notice> notice = Notice.of(record.value());
    if (notice.isEmpty()) {
      return; // notice NONE: a muted alert, or a change the lead unit is not told of
    }
    if (ledger.contains(notice.get().id())) {
      log.debug("Skipping notice=[{}] sent before partition=[{}] offset=[{}]", notice.get().id(), record.partition(), record.offset());
      return;
    }
    groups.add(notice.get(), new TopicPartition(record.topic(), record.partition()), record.offset(), now);
  }

  /** Sends the digests that are due, one after the other, while the receiver takes them. */
  private void sendDue() throws InterruptedException {
    long started = System.currentTimeMillis();
    while (running.get() && System.currentTimeMillis() - started < MAX_SENDING_MS) {
      long now = System.currentTimeMillis();
      Optional<Digest> due = groups.due(now, ledger::contains);
      if (due.isEmpty() || now < nextAttemptAtMs) {
        return;
      }
      Digest digest = due.get();
      try {
        webhook.post(digest);
      } catch (Webhook.FailedException e) {
        failedAttempts++;
        Duration delay = delays.after(failedAttempts);
        nextAttemptAtMs = System.currentTimeMillis() + delay.toMillis();
        // No new records while the receiver is down: they would only pile up in memory.
        consumer.pause(consumer.assignment());
        log.warn("Retry to send digest=[{}] lead_unit=[{}] as_of=[{}]. Attempt {} failed, next in {} ms: {}",
            digest.id(), digest.leadUnit(), digest.asOf(), failedAttempts, delay.toMillis(), e.getMessage());
        return;
      }
      recordSent(digest);
      telemetry.registry().counter("qyx.notifier.digests.sent").increment();
      log.info("Sent digest=[{}] lead_unit=[{}] as_of=[{}] notices=[{}] attempts=[{}]",
          digest.id(), digest.leadUnit(), digest.asOf(), digest.notices().size(), failedAttempts + 1);
      failedAttempts = 0;
      nextAttemptAtMs = 0;
      consumer.resume(consumer.paused());
    }
  }

  /** The ledger records of a delivered digest and the offsets it frees, in one transaction. */
  private void recordSent(Digest digest) {
    groups.sent();
    Map<TopicPartition, OffsetAndMetadata> offsets = safeOffsets();
    List<String> ids = digest.notices().stream().map(Notice::id).toList();
    try {
      producer.beginTransaction();
      for (String id : ids) {
        producer.send(new ProducerRecord<>(Topics.NOTICES_SENT, id.getBytes(StandardCharsets.UTF_8),
            digest.id().getBytes(StandardCharsets.UTF_8)), (metadata, e) -> {
          if (e != null) {
            log.error("Cannot write the ledger record notice=[{}] digest=[{}]; the transaction will abort", id, digest.id(), e);
          }
        });
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
    } catch (KafkaException e) {
      abortQuietly();
      // Stopping is the honest choice: the digest was delivered, so the notices will go again on
      // restart, with the same Idempotency-Key for the receiver to drop.
      throw new IllegalStateException("Digest " + digest.id() + " was delivered but its ledger records could not be committed; "
          + "its notices will be sent again after a restart, under the same Idempotency-Key if grouped alike", e);
    }
    ledger.addAll(ids);
    committed = offsets;
    lastProgressCommitMs = System.currentTimeMillis();
  }

  /** Commits offsets over records that needed no digest, so a restart does not read them again. */
  private void commitProgress() {
    long now = System.currentTimeMillis();
    if (now - lastProgressCommitMs < PROGRESS_COMMIT_MS) {
      return;
    }
    lastProgressCommitMs = now;
    Map<TopicPartition, OffsetAndMetadata> offsets = safeOffsets();
    if (offsets.isEmpty() || offsets.equals(committed)) {
      return;
    }
    try {
      producer.beginTransaction();
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
    } catch (KafkaException e) {
      abortQuietly();
      throw e;
    }
    committed = offsets;
  }

  private Map<TopicPartition, OffsetAndMetadata> safeOffsets() {
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition partition : consumer.assignment()) {
      positions.put(partition, consumer.position(partition));
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    groups.safeOffsets(positions).forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
    return offsets;
  }

  private void abortQuietly() {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      log.debug("Cannot abort the ledger transaction", e);
    }
  }

  /**
   * Partitions moving between notifiers: what waits is forgotten and read again from the committed
   * offsets, which never pass it; the ledger is read again, as another notifier may have sent some.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      forgetWaiting(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      forgetWaiting(lost);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      if (assigned.isEmpty()) {
        return; // a cooperative rebalance that gave this notifier nothing new
      }
      ledger = SentLedger.read(kafka);
      committed = Map.of();
      log.info("Read the ledger notices_sent=[{}] assigned=[{}]", ledger.size(), consumer.assignment());
    }

    private void forgetWaiting(Collection<TopicPartition> leaving) {
      if (groups.isEmpty()) {
        return;
      }
      groups.clear();
      failedAttempts = 0;
      nextAttemptAtMs = 0;
      // What waited from partitions this notifier keeps must be read again too.
      Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
      kept.removeAll(leaving);
      if (!kept.isEmpty()) {
        consumer.committed(kept).forEach((partition, offset) -> {
          if (offset == null) {
            consumer.seekToBeginning(List.of(partition));
          } else {
            consumer.seek(partition, offset);
          }
        });
      }
      consumer.resume(consumer.paused());
    }
  }

  /** A webhook URL for the log: a DingTalk robot's access_token is in its query. */
  static String withoutQuery(URI url) {
    return url.getScheme() + "://" + url.getAuthority() + (url.getPath() == null ? "" : url.getPath());
  }

  /** Asks {@link #run()} to return; safe from any thread. A digest being posted finishes first. */
  public void stop() {
    running.set(false);
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumerMetrics.close();
    telemetry.close();
    consumer.close();
    producer.close();
  }
}
