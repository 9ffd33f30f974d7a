package cn.gov.yuhuan.qyx.streams;

import cn.gov.yuhuan.qyx.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's own topics if they are missing. Kafka Streams creates only its internal
 * topics; the event log and the output topics are ours to declare.
 */
public final class TopicSetup {
  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  public static void ensureTopics(Admin admin, PipelineConfig config) throws InterruptedException {
    int partitions = config.getInt(PipelineConfig.TOPIC_PARTITIONS);
    short replication = config.getShort(PipelineConfig.TOPIC_REPLICATION_FACTOR);
    Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    // The event log keeps everything: every derived table is rebuilt by replaying it.
    Map<String, String> keepForever = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
    List<NewTopic> wanted =
        List.of(
            newTopic(Topics.PROGRESS_REPORTS, partitions, replication, keepForever),
            // Outputs carry the current row per key: compaction keeps the latest of each.
            newTopic(Topics.AREA_PROGRESS, partitions, replication, compacted),
            newTopic(Topics.INDICATOR_PROGRESS, partitions, replication, compacted),
            newTopic(Topics.DEAD_LETTERS, partitions, replication, keepForever));
    for (NewTopic topic : wanted) {
      try {
        admin.createTopics(List.of(topic)).all().get();
        log.info("Created topic=[{}] partitions=[{}]", topic.name(), partitions);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("Cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
    }
  }

  private static NewTopic newTopic(String name, int partitions, short replication, Map<String, String> configs) {
    return new NewTopic(name, Optional.of(partitions), Optional.of(replication)).configs(configs);
  }
}
