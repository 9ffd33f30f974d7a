package cn.gov.yuhuan.qyx.ops;

import cn.gov.yuhuan.qyx.schemas.SchemalessAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.sink.ClickHouseLayout;
import cn.gov.yuhuan.qyx.sink.ClickHouseSink;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import cn.gov.yuhuan.qyx.streams.ProgressTopology;
import cn.gov.yuhuan.qyx.streams.StatusSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets everything derived from the event log, so the streams app and the sink rebuild it from
 * the start (docs/design.md §1: a rebuild must give the same numbers). What stays: the event log
 * ({@value Topics#PROGRESS_REPORTS}), the clock's ticks, the catalog's reference topics, the
 * silences, and the notifier's ledger of notices sent (so a rebuilt alert already notified is not
 * notified again). What goes: the derived
 * topics, the app's internal topics and local state, the consumer groups (streams, sink, notifier), and the ClickHouse
 * database. Run it with the streams app, the sink and the notifier stopped.
 */
public final class Rebuild {
  private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
  /** What a rebuild deletes and derives again; the ledger of notices sent is kept, so nothing is sent twice. */
  public static final List<String> DERIVED_TOPICS = List.of(Topics.ACCEPTED_REPORTS, Topics.DEAD_LETTERS,
      Topics.AREA_PROGRESS, Topics.INDICATOR_PROGRESS, Topics.DOMAIN_PROGRESS, Topics.UNIT_PROGRESS, Topics.STATUS_HISTORY,
      Topics.ALERTS);
  private static final Duration DELETION_TIMEOUT = Duration.ofSeconds(60);

  private final PipelineConfig config;

  public Rebuild(PipelineConfig config) {
    this.config = config;
  }

  /** Deletes what is derived; returns a line per thing deleted, for the operator. */
  public List<String> forgetDerived() throws ExecutionException, InterruptedException, IOException, SQLException {
    String appId = config.getString(PipelineConfig.APPLICATION_ID);
    List<String> done = new java.util.ArrayList<>();
    try (Admin admin = Admin.create(config.kafka().clientConfig())) {
      for (String group : List.of(appId, config.getString(PipelineConfig.SINK_GROUP_ID),
          config.getString(PipelineConfig.NOTIFY_GROUP_ID))) {
        try {
          admin.deleteConsumerGroups(List.of(group)).all().get();
          done.add("consumer group " + group);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof GroupIdNotFoundException)) {
            throw new IllegalStateException("Cannot delete consumer group " + group + " (is its app still running?): "
                + e.getCause().getMessage(), e.getCause());
          }
        }
      }
      Set<String> existing = admin.listTopics().names().get();
      Set<String> doomed = new HashSet<>(DERIVED_TOPICS);
      doomed.addAll(internalTopics(appId));
      doomed.retainAll(existing);
      if (!doomed.isEmpty()) {
        admin.deleteTopics(doomed).all().get();
        awaitGone(admin, doomed);
        doomed.stream().sorted().forEach(t -> done.add("topic " + t));
      }
    }
    String stateDir = config.getString(PipelineConfig.STATE_DIR);
    if (stateDir != null) {
      Path appState = Path.of(stateDir, appId);
      if (Files.exists(appState)) {
        try (Stream<Path> files = Files.walk(appState)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
        done.add("local state " + appState);
      }
    }
    ClickHouseLayout layout = ClickHouseLayout.of(config);
    try (Connection connection = ClickHouseSink.connect(config); Statement statement = connection.createStatement()) {
      // In a cluster, ON CLUSTER: every replica drops its tables, and dropping a replicated table
      // removes its replica from ZooKeeper (the table's path with the last one), so the sink's CREATE
      // finds no stale replica there. The statement returns once every replica has done it; a replica
      // that is down does it from the DDL queue on its return, before the CREATEs queued after it.
      statement.execute("DROP DATABASE IF EXISTS " + layout.database() + layout.onCluster());
      done.add("ClickHouse database " + layout.database() + (layout.clustered() ? " on every replica of cluster " + layout.cluster() : ""));
    }
    done.forEach(d -> log.info("Deleted {}", d));
    return done;
  }

  /**
   * The app's own changelog and repartition topics, named from its topology: a prefix match would
   * also take those of another app whose id starts the same (qyx-streams-staging).
   */
  static Set<String> internalTopics(String appId) {
    Set<String> topics = new HashSet<>();
    RETIRED_INTERNAL_TOPICS.forEach(name -> topics.add(appId + "-" + name));
    var description = ProgressTopology.buildTopology(new SchemalessAvroSerdes(), StatusSettings.defaults()).describe();
    description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
      if (node instanceof TopologyDescription.Processor processor) {
        processor.stores().forEach(store -> topics.add(appId + "-" + store + "-changelog"));
      }
      if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
        source.topicSet().stream().filter(t -> t.endsWith("-repartition")).forEach(t -> topics.add(appId + "-" + t));
      }
    }));
    return topics;
  }

  /**
   * Internal topics of earlier versions of the topology, deleted too, so that a rebuild after an
   * upgrade leaves none behind (issue 9 replaced the status evaluator and the per-level tables).
   */
  private static final List<String> RETIRED_INTERNAL_TOPICS = List.of(
      "data-values-changelog", "area-progress-changelog", "indicator-totals-changelog", "indicator-progress-changelog",
      "indicator-status-changelog", "by-indicator-area-repartition", "by-indicator-repartition",
      "ticks-by-indicator-repartition", "values-by-indicator-repartition");

  /** Topic deletion is asynchronous; re-creating a topic still being deleted would fail or vanish. */
  private static void awaitGone(Admin admin, Set<String> topics) throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + DELETION_TIMEOUT.toNanos();
    while (admin.listTopics().names().get().stream().anyMatch(topics::contains)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Topics still being deleted after " + DELETION_TIMEOUT.toSeconds() + " s: " + topics);
      }
      Thread.sleep(200);
    }
  }
}
