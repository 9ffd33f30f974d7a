package cn.gov.yuhuan.qyx.ops.bench;

import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The largest record each state store of the streams app has written, read from its changelog
 * (every version of every record a store held passes through it).
 */
final class ChangelogSizes {
  private ChangelogSizes() {}

  /** Per store: the largest value written, in bytes. */
  static Map<String, Integer> largest(KafkaAccess kafka, String applicationId) throws ExecutionException, InterruptedException {
    String prefix = applicationId + "-";
    String suffix = "-changelog";
    Map<String, Integer> largest = new TreeMap<>();
    try (Admin admin = Admin.create(kafka.clientConfig());
        var consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<String> changelogs = admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith(prefix) && t.endsWith(suffix)).sorted().toList();
      for (String topic : changelogs) {
        String store = topic.substring(prefix.length(), topic.length() - suffix.length());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        int max = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
          for (var record : consumer.poll(Duration.ofMillis(500))) {
            max = Math.max(max, record.value() == null ? 0 : record.value().length);
          }
        }
        largest.put(store, max);
      }
    }
    return largest;
  }
}
