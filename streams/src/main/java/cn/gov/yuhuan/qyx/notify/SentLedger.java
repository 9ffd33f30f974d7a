package cn.gov.yuhuan.qyx.notify;

import cn.gov.yuhuan.qyx.schemas.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The ids of the notices already delivered, as the compacted ledger topic {@link Topics#NOTICES_SENT}
 * holds them. The alerts topic can be read again (a restart before a commit, a rebuilt streams app,
 * a deleted consumer group); this is what keeps a notice from being sent twice.
 */
final class SentLedger {
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  private final Set<String> sent;

  SentLedger(Collection<String> sent) {
    this.sent = new HashSet<>(sent);
  }

  /**
   * Reads the whole ledger, from the beginning to the end offsets as of now, committed records
   * only: a transaction a crashed notifier left open did not deliver its notices for sure.
   */
  static SentLedger read(String bootstrapServers) {
    Map<String, Object> settings = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    Set<String> ids = new HashSet<>();
    try (var consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.NOTICES_SENT, READ_TIMEOUT).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("topic " + Topics.NOTICES_SENT + " does not exist; run ./qyx topics (or the streams app) first");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed these are the last stable offsets: everything committed before now.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("reading " + Topics.NOTICES_SENT + " took over " + READ_TIMEOUT.toSeconds() + " s");
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            ids.remove(record.key()); // a tombstone: an operator chose to let the notice be sent again
          } else {
            ids.add(record.key());
          }
        }
      }
    }
    return new SentLedger(ids);
  }

  boolean contains(String noticeId) {
    return sent.contains(noticeId);
  }

  void addAll(Collection<String> noticeIds) {
    sent.addAll(noticeIds);
  }

  int size() {
    return sent.size();
  }
}
