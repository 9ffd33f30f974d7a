package cn.gov.yuhuan.qyx.streams;

import cn.gov.yuhuan.qyx.schemas.Endpoints;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the streams app, the ClickHouse sink and the operations commands, each declared once
 * with its doc, default and validator. Endpoints have no defaults: {@code infra/stack.sh} writes
 * them to {@code stack.properties} from the ports it starts the services on.
 */
public final class PipelineConfig extends AbstractConfig {
  public static final String BOOTSTRAP_SERVERS = Endpoints.BOOTSTRAP_SERVERS;
  public static final String SCHEMA_REGISTRY_URL = Endpoints.SCHEMA_REGISTRY_URL;
  public static final String CLICKHOUSE_URL = "clickhouse.url";
  public static final String CLICKHOUSE_DATABASE = "clickhouse.database";
  public static final String APPLICATION_ID = "application.id";
  public static final String STATE_DIR = "state.dir";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
  public static final String SINK_GROUP_ID = "sink.group.id";
  public static final String SINK_MAX_POLL_RECORDS = "sink.max.poll.records";
  public static final String SINK_RETRY_ATTEMPTS = "sink.retry.attempts";
  public static final String SINK_RETRY_BACKOFF_MS = "sink.retry.backoff.ms";

  /** Keys with this prefix are handed to Kafka Streams as they are, minus the prefix. */
  public static final String STREAMS_PREFIX = "streams.";

  private static final ConfigDef DEFINITION =
      Endpoints.define(new ConfigDef())
          .define(CLICKHOUSE_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
              Importance.HIGH, "ClickHouse HTTP endpoint, e.g. http://127.0.0.1:18123.")
          .define(CLICKHOUSE_DATABASE, Type.STRING, "qyx", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
              "Database the sink creates and writes; analysts read it.")
          .define(APPLICATION_ID, Type.STRING, "qyx-streams", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
              "Kafka Streams application id: its consumer group and the prefix of its internal topics.")
          .define(STATE_DIR, Type.STRING, null, Importance.HIGH,
              "Directory for Kafka Streams' local state; keep it across restarts to avoid restoring from changelogs. "
                  + "Required by the streams app; no default, so state never lands in a temp directory by accident.")
          .define(TOPIC_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
              "Partitions of the topics the app creates; at most this many streams instances share the work.")
          .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.MEDIUM,
              "Replication of every topic, internal ones included; -1 takes the broker's default.replication.factor.")
          .define(SINK_GROUP_ID, Type.STRING, "qyx-sink", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
              "Consumer group of the ClickHouse sink.")
          .define(SINK_MAX_POLL_RECORDS, Type.INT, 5000, Range.between(1, 1_000_000), Importance.LOW,
              "Most records the sink writes to ClickHouse in one batch.")
          .define(SINK_RETRY_ATTEMPTS, Type.INT, 10, Range.atLeast(1), Importance.LOW,
              "Attempts at a ClickHouse write that failed for a retriable reason before the sink stops.")
          .define(SINK_RETRY_BACKOFF_MS, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
              "First delay between ClickHouse retries; it doubles up to 30 s.");

  /**
   * Kafka Streams settings this config owns: a {@code streams.} override of one of them would
   * silently split the app from what {@code sync} and {@code rebuild} watch, or drop exactly-once.
   */
  private static final Map<String, String> OWNED_STREAMS_KEYS = Map.of(
      "application.id", APPLICATION_ID,
      "bootstrap.servers", BOOTSTRAP_SERVERS,
      "state.dir", STATE_DIR,
      "replication.factor", TOPIC_REPLICATION_FACTOR,
      "processing.guarantee", "(fixed: exactly_once_v2)");

  public PipelineConfig(Map<?, ?> originals) {
    super(DEFINITION, originals, false);
    for (String key : originalsWithPrefix(STREAMS_PREFIX).keySet()) {
      if (OWNED_STREAMS_KEYS.containsKey(key)) {
        throw new ConfigException(STREAMS_PREFIX + key + " conflicts with " + OWNED_STREAMS_KEYS.get(key)
            + ": set that key instead of overriding Kafka Streams' " + key);
      }
    }
  }

  public String bootstrapServers() {
    return String.join(",", getList(BOOTSTRAP_SERVERS));
  }

  /** {@value #STATE_DIR}, which the streams app cannot run without. */
  public String requiredStateDir() {
    String dir = getString(STATE_DIR);
    if (dir == null || dir.isBlank()) {
      throw new ConfigException(STATE_DIR, dir, "the streams app needs a directory for its state; set " + STATE_DIR
          + " in the config file or with --set " + STATE_DIR + "=DIR");
    }
    return dir;
  }

  /** The settings under {@value #STREAMS_PREFIX}, without the prefix, for Kafka Streams. */
  public Map<String, Object> streamsOverrides() {
    return new HashMap<>(originalsWithPrefix(STREAMS_PREFIX));
  }
}
