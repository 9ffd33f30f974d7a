package cn.gov.yuhuan.qyx.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads every committed record of a topic, from the beginning to the end offsets as of the call,
 * without a consumer group: how the commands and the notifier take in a small log (the clock, the
 * silences, the ledger of notices sent) before they act on it.
 */
public final class TopicSnapshot {
  private TopicSnapshot() {}

  /** Hands each record of {@code topic} to {@code each}, in order per partition. */
  public static <K, V> void read(KafkaAccess kafka, Topic<K, V> topic, Duration timeout, Consumer<ConsumerRecord<K, V>> each) {
    Map<String, Object> settings = kafka.clientConfig(Map.of(
        // A transaction left open or aborted did not happen.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000));
    try (var consumer = new KafkaConsumer<>(settings, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist; is the stack up (./qyx up)?");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed these are the last stable offsets: everything committed before now.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("reading " + topic.name() + " took over " + timeout.toSeconds() + " s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }
}
