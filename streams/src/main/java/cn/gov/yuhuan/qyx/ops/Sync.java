package cn.gov.yuhuan.qyx.ops;

import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Waits until everything produced so far has landed in ClickHouse: the streams app has processed
 * every report (its outputs commit in the same transaction as its input offsets) and the sink has
 * written and committed every output. The streams group is checked before the sink group so that
 * outputs of the last transaction are already in the sink's end offsets.
 */
public final class Sync {
  private final PipelineConfig config;

  public Sync(PipelineConfig config) {
    this.config = config;
  }

  /** Returns what is still behind after {@code timeout}; empty means everything has landed. */
  public List<Lag.Behind> await(Duration timeout, Duration pollEvery) throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String appId = config.getString(PipelineConfig.APPLICATION_ID);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      while (true) {
        List<Lag.Behind> behind = new ArrayList<>();
        behind.addAll(Lag.behind(admin, appId, streamsInputs(admin, appId)));
        behind.addAll(Lag.behind(admin, config.getString(PipelineConfig.SINK_GROUP_ID),
            Set.of(Topics.AREA_PROGRESS, Topics.INDICATOR_PROGRESS, Topics.DEAD_LETTERS)));
        if (behind.isEmpty() || System.nanoTime() > deadline) {
          return behind;
        }
        Thread.sleep(pollEvery.toMillis());
      }
    }
  }

  /** The event log and the app's repartition topics, whose records it must all process. */
  private static Set<String> streamsInputs(Admin admin, String appId) throws ExecutionException, InterruptedException {
    Set<String> inputs = new java.util.HashSet<>(Set.of(Topics.PROGRESS_REPORTS));
    admin.listTopics().names().get().stream()
        .filter(t -> t.startsWith(appId + "-") && t.endsWith("-repartition"))
        .forEach(inputs::add);
    return inputs;
  }
}
