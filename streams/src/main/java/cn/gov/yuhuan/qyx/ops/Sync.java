package cn.gov.yuhuan.qyx.ops;

import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.sink.ClickHouseLayout;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.admin.Admin;
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
  /**
   * The indicator stage writes its rows at most 100 ms after the values that changed them (it keeps
   * the latest per key in between), and they commit with the next transaction (100 ms): once every
   * group has caught up, it must stay so this long before everything is surely in.
   */
  private static final Duration ROWS_FLUSH_AND_COMMIT = Duration.ofMillis(600);
  /** How often a long wait logs what is still behind. */
  private static final Duration REPORT_EVERY = Duration.ofSeconds(15);
  private static final Logger log = LoggerFactory.getLogger(Sync.class);
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
    // In the order a report passes them: the intake, the streams app, the sink.
    List<String> groups = List.of(Intake.APPLICATION_ID, config.getString(PipelineConfig.APPLICATION_ID),
        config.getString(PipelineConfig.SINK_GROUP_ID));
    String notifier = config.getString(PipelineConfig.NOTIFY_GROUP_ID);
    try (Admin admin = Admin.create(config.kafka().clientConfig())) {
      Long caughtUpAt = null;
      long started = System.nanoTime();
      long nextReport = started + REPORT_EVERY.toNanos();
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
        } else if (caughtUpAt == null) {
          caughtUpAt = System.nanoTime();
        }
        boolean settled = caughtUpAt != null && System.nanoTime() - caughtUpAt >= ROWS_FLUSH_AND_COMMIT.toNanos();
        if (behind.isEmpty() && settled) {
          return replicasCaughtUp();
        }
        if (System.nanoTime() > deadline) {
          return behind;
        }
        if (!behind.isEmpty() && System.nanoTime() > nextReport) {
          // A long wait says what it waits for (./qyx sync, rebuild, the tests).
          log.info("Still waiting after {} s behind={}", (System.nanoTime() - started) / 1_000_000_000, behind);
          nextReport += REPORT_EVERY.toNanos();
        }
        Thread.sleep(pollEvery.toMillis());
      }
    }
  }

  /**
   * On a ClickHouse cluster each sink lands on its own replica, and a reader of the other replica
   * sees those rows once it has fetched them (18.16 reads a Distributed table from the replica it is
   * asked on): SYSTEM SYNC REPLICA makes the replica at {@code clickhouse.url} fetch everything logged
   * so far. Returns what failed, one line each; nothing on a single server.
   */
  private List<String> replicasCaughtUp() throws InterruptedException {
    ClickHouseLayout layout = ClickHouseLayout.of(config);
    if (!layout.clustered()) {
      return List.of();
    }
    var clickhouse = new ClickHouseQuery(config);
    try {
      for (List<String> table : clickhouse.rows("SELECT name FROM system.tables WHERE database = '" + layout.database()
          + "' AND engine LIKE 'Replicated%' ORDER BY name")) {
        clickhouse.execute("SYSTEM SYNC REPLICA " + layout.database() + "." + table.get(0));
      }
      return List.of();
    } catch (IOException e) {
      return List.of("the ClickHouse replica at " + config.getString(PipelineConfig.CLICKHOUSE_URL)
          + " has not fetched every row of the other replica: " + e.getMessage());
    }
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
