package cn.gov.yuhuan.qyx.ops;

import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Waits until everything produced so far has landed in ClickHouse: the streams app has processed
 * every record of its inputs (its outputs commit in the same transaction as its input offsets) and
 * the sink has written and committed every output; and, while a notifier runs, it has sent every
 * notice. The streams group is checked before the sink
 * group so that the outputs of the last transaction are already in the sink's end offsets.
 */
public final class Sync {
  /** The evaluator looks for quiet once a second, then its alerts commit (100 ms with exactly-once). */
  private static final Duration ALERT_CHECK_AND_COMMIT = Duration.ofMillis(1500);
  private final PipelineConfig config;

  public Sync(PipelineConfig config) {
    this.config = config;
  }

  /**
   * Waits up to {@code timeout}; returns what is still behind then, one line each (a partition's
   * lag, or a group with no running member). Empty means everything has landed.
   */
  public List<String> await(Duration timeout, Duration pollEvery) throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> groups = List.of(config.getString(PipelineConfig.APPLICATION_ID), config.getString(PipelineConfig.SINK_GROUP_ID));
    String notifier = config.getString(PipelineConfig.NOTIFY_GROUP_ID);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      Long caughtUpAt = null;
      while (true) {
        List<String> behind = new ArrayList<>();
        for (String group : groups) {
          Set<String> inputs = inputsOf(admin, group);
          if (inputs.isEmpty()) {
            behind.add("group=[" + group + "] has no running member with partitions: is the "
                + (group.equals(config.getString(PipelineConfig.SINK_GROUP_ID)) ? "sink" : "streams app") + " running?");
          } else {
            Lag.behind(admin, group, inputs).forEach(b -> behind.add(b.toString()));
          }
        }
        // The notifier is optional: waited for only while one runs. It commits once a digest is sent.
        Set<String> notified = inputsOf(admin, notifier);
        if (!notified.isEmpty()) {
          Lag.behind(admin, notifier, notified).forEach(b -> behind.add(b.toString()));
        }
        if (!behind.isEmpty()) {
          caughtUpAt = null;
        } else if (caughtUpAt == null && hasTicks(admin)) {
          // Caught up, but a tick's alerts are judged only once values have been quiet for
          // alert.quiet.ms: wait that long (and a check), then make sure their records landed too.
          caughtUpAt = System.nanoTime();
        }
        boolean settled = caughtUpAt == null || System.nanoTime() - caughtUpAt >= alertsSettle().toNanos();
        if (behind.isEmpty() && settled || System.nanoTime() > deadline) {
          return behind;
        }
        Thread.sleep(pollEvery.toMillis());
      }
    }
  }

  private Duration alertsSettle() {
    return Duration.ofMillis(config.getLong(PipelineConfig.ALERT_QUIET_MS)).plus(ALERT_CHECK_AND_COMMIT);
  }

  /** Whether the clock has ticked at all: without a tick no alert is ever waiting. */
  private static boolean hasTicks(Admin admin) throws ExecutionException, InterruptedException {
    var partitions = admin.describeTopics(List.of(Topics.CLOCK)).allTopicNames().get().get(Topics.CLOCK).partitions().stream()
        .collect(java.util.stream.Collectors.toMap(p -> new TopicPartition(Topics.CLOCK, p.partition()), p -> OffsetSpec.latest()));
    return admin.listOffsets(partitions).all().get().values().stream().anyMatch(o -> o.offset() > 0);
  }

  /** The topics {@code group}'s running members are assigned; empty while none runs or it rebalances. */
  private static Set<String> inputsOf(Admin admin, String group) throws ExecutionException, InterruptedException {
    ConsumerGroupDescription description;
    try {
      description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Set.of(); // not started yet
      }
      throw e;
    }
    Set<String> topics = new HashSet<>();
    description.members().forEach(m -> m.assignment().topicPartitions().stream().map(TopicPartition::topic).forEach(topics::add));
    return topics;
  }
}
