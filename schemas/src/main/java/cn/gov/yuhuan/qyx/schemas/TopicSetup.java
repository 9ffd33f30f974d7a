package cn.gov.yuhuan.qyx.schemas;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's own topics if they are missing, each with its retention. Kafka Streams
 * creates only its internal topics; and a topic a producer auto-creates would get the broker's
 * defaults, not compaction, so every writer calls this first.
 */
public final class TopicSetup {
  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  /** Logs that are the source of truth: kept forever, replayed to rebuild everything. */
  private static final Map<String, String> KEEP_FOREVER = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
  /**
   * A feed derived from the event log for the sink alone: kept 30 days, long enough for any outage
   * of the sink; what it held is in ClickHouse, and {@code ./qyx rebuild} derives it again. The 30
   * days count from when the app wrote a record (the broker's append time), not from the report's
   * own timestamp, which the app passes on: a rebuild, or a replayed past year, writes reports
   * months old, and with their own timestamps the broker deleted them before the sink had read
   * them all (./qyx chaos found five of a simulated half year gone).
   */
  private static final Map<String, String> SINK_FEED = Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30L * 24 * 60 * 60 * 1000),
      TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
  /** Current state per key: compaction keeps the latest of each. */
  private static final Map<String, String> COMPACTED = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

  private static final Map<String, Map<String, String>> TOPICS = Map.ofEntries(
      Map.entry(Topics.PROGRESS_REPORTS, KEEP_FOREVER),
      Map.entry(Topics.ACCEPTED_REPORTS, SINK_FEED),
      Map.entry(Topics.DEAD_LETTERS, KEEP_FOREVER),
      Map.entry(Topics.UNDECODABLE_RECORDS, KEEP_FOREVER),
      Map.entry(Topics.CLOCK, KEEP_FOREVER),
      Map.entry(Topics.STATUS_HISTORY, COMPACTED),
      Map.entry(Topics.ALERTS, KEEP_FOREVER),
      Map.entry(Topics.SILENCES, COMPACTED),
      Map.entry(Topics.NOTICES_SENT, COMPACTED),
      Map.entry(Topics.AREA_PROGRESS, COMPACTED),
      Map.entry(Topics.INDICATOR_PROGRESS, COMPACTED),
      Map.entry(Topics.DOMAIN_PROGRESS, COMPACTED),
      Map.entry(Topics.UNIT_PROGRESS, COMPACTED),
      Map.entry(Topics.REF_INDICATORS, COMPACTED),
      Map.entry(Topics.REF_AREAS, COMPACTED),
      Map.entry(Topics.REF_UNITS, COMPACTED),
      Map.entry(Topics.REF_DOMAINS, COMPACTED));

  private TopicSetup() {}

  /**
   * Returns the topics it created (none when all existed).
   *
   * @param partitions partitions of each topic; at most this many streams instances share the work
   * @param replication replicas of each topic; -1 takes the broker's default
   */
  public static List<String> ensureTopics(Admin admin, int partitions, short replication) throws InterruptedException {
    return ensure(admin, TOPICS, partitions, replication);
  }

  /**
   * Creates the topic of each unit's reports that is missing ({@link Topics#unitReports}), and
   * returns those it created. One partition each: a unit sends a few thousand reports a year, all
   * in order, and a province has hundreds of units; kept forever, as what each login sent.
   */
  public static List<String> ensureUnitTopics(Admin admin, Collection<String> accounts, short replication) throws InterruptedException {
    Map<String, Map<String, String>> topics = new TreeMap<>();
    accounts.forEach(account -> topics.put(Topics.unitReportsTopic(account), KEEP_FOREVER));
    return ensure(admin, topics, 1, replication);
  }

  private static List<String> ensure(Admin admin, Map<String, Map<String, String>> topics, int partitions, short replication)
      throws InterruptedException {
    List<String> created = new java.util.ArrayList<>();
    // Only the missing ones: a login may see a topic it may not create (the apps and the operator's
    // topics), and the broker answers a create of it with an authorisation error, not "exists".
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot list the topics: " + e.getCause().getMessage(), e.getCause());
    }
    for (var topic : topics.entrySet()) {
      if (existing.contains(topic.getKey())) {
        continue;
      }
      var wanted = new NewTopic(topic.getKey(), Optional.of(partitions), Optional.of(replication)).configs(topic.getValue());
      try {
        admin.createTopics(List.of(wanted)).all().get();
        log.debug("Created topic=[{}] partitions=[{}]", topic.getKey(), partitions);
        created.add(topic.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("Cannot create topic " + topic.getKey() + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
    }
    if (!created.isEmpty()) {
      awaitVisible(admin, created);
      log.info("Created topics={} partitions=[{}]", created, partitions);
    }
    return created;
  }

  /**
   * Waits until the broker serves the metadata of {@code topics}: the controller has created them
   * when the call returns, but the broker learns of them a moment later, and meanwhile a client not
   * allowed to create a topic is told it may not access it (not that it is unknown) and gives up.
   */
  private static void awaitVisible(Admin admin, List<String> topics) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        admin.describeTopics(topics).allTopicNames().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw new IllegalStateException("Created topics " + topics + " but the broker does not serve them: "
              + e.getCause().getMessage(), e.getCause());
        }
        Thread.sleep(100);
      }
    }
  }
}
