package cn.gov.yuhuan.qyx.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far consumer groups are behind the end of the topics they read: what is produced but not
 * yet processed (streams app) or not yet landed (sink, which commits only after ClickHouse took
 * the rows).
 */
public final class Lag {
  private Lag() {}

  /** One partition a group has not caught up with. */
  public record Behind(String group, TopicPartition partition, long committed, long end) {
    public long lag() {
      return end - committed;
    }

    @Override
    public String toString() {
      return "group=[" + group + "] topic=[" + partition.topic() + "] partition=[" + partition.partition()
          + "] committed=[" + committed + "] end=[" + end + "] lag=[" + lag() + "]";
    }
  }

  /**
   * The partitions where {@code group} is behind: those of {@code topics} it must read (a missing
   * commit counts from 0) and any other partition it has committed on (internal topics).
   */
  public static List<Behind> behind(Admin admin, String group, Set<String> topics)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Set<TopicPartition> partitions = new java.util.HashSet<>(committed.keySet());
    if (!topics.isEmpty()) {
      admin.describeTopics(topics).allTopicNames().get().values().forEach(d ->
          d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
    }
    Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends = new HashMap<>(admin.listOffsets(latest).all().get());
    List<Behind> result = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata commit = committed.get(partition);
      long at = commit == null ? 0 : commit.offset();
      long end = ends.get(partition).offset();
      if (end > at) {
        result.add(new Behind(group, partition, at, end));
      }
    }
    return result;
  }
}
