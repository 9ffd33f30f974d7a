package cn.gov.yuhuan.qyx.streams;

import cn.gov.yuhuan.qyx.schemas.Endpoints;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
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
  public static final String CLICKHOUSE_USER = "clickhouse.user";
  public static final String CLICKHOUSE_PASSWORD = "clickhouse.password";
  public static final String CLICKHOUSE_CLUSTER = "clickhouse.cluster";
  public static final String APPLICATION_ID = "application.id";
  /** The streams app's id unless configured: its group, transactional ids and internal topics start with it. */
  public static final String DEFAULT_APPLICATION_ID = "qyx-streams";
  public static final String STATE_DIR = "state.dir";
  public static final String STATE_MEMORY_BYTES = "state.memory.bytes";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
  public static final String SINK_GROUP_ID = "sink.group.id";
  public static final String GROUP_SESSION_TIMEOUT_MS = "group.session.timeout.ms";
  public static final String METRICS_PORT = "metrics.port";
  public static final String METRICS_HOST = "metrics.host";
  public static final String SINK_MAX_POLL_RECORDS = "sink.max.poll.records";
  public static final String SINK_RETRY_MAX_BACKOFF_MS = "sink.retry.max.backoff.ms";
  public static final String SINK_RETRY_BACKOFF_MS = "sink.retry.backoff.ms";
  public static final String STATUS_AT_RISK_GAP = "status.at.risk.gap";
  public static final String STATUS_LAGGING_GAP = "status.lagging.gap";
  public static final String ALERT_FOR_EVALUATIONS = "alert.for.evaluations";
  public static final String ALERT_STRETCH_TARGETS = "alert.stretch.targets";
  public static final String PLAUSIBILITY_JUMP_FACTOR = "plausibility.jump.factor";
  public static final String PLAUSIBILITY_DENOMINATOR_SHIFT = "plausibility.denominator.shift";
  public static final String NOTIFY_WEBHOOK_URL = "notify.webhook.url";
  public static final String NOTIFY_WEBHOOK_SECRET = "notify.webhook.secret";
  public static final String NOTIFY_FORMAT = "notify.format";
  public static final String NOTIFY_GROUP_ID = "notify.group.id";
  public static final String NOTIFY_GROUP_WAIT_MS = "notify.group.wait.ms";
  public static final String NOTIFY_RETRY_INITIAL_MS = "notify.retry.initial.ms";
  public static final String NOTIFY_RETRY_MAX_MS = "notify.retry.max.ms";

  /** Keys with this prefix are handed to Kafka Streams as they are, minus the prefix. */
  public static final String STREAMS_PREFIX = "streams.";

  private static final ConfigDef DEFINITION =
      Endpoints.define(new ConfigDef())
          .define(CLICKHOUSE_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
              Importance.HIGH, "ClickHouse HTTP endpoint, e.g. http://127.0.0.1:18123.")
          .define(CLICKHOUSE_USER, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.HIGH,
              "The ClickHouse user: the sink's own (qyx_sink, which writes and keeps the tables' shape) for the sink and the operator "
                  + "tools; qyx_analyst (read-only) for reading. ./qyx up writes both into the stack's files.")
          .define(CLICKHOUSE_PASSWORD, Type.PASSWORD, "", Importance.HIGH,
              "The ClickHouse user's password; generated at ./qyx up and kept in owner-only files, never on a command line or in a log.")
          .define(CLICKHOUSE_DATABASE, Type.STRING, "qyx", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
              "Database the sink creates and writes; analysts read it.")
          .define(CLICKHOUSE_CLUSTER, Type.STRING, "", ConfigDef.LambdaValidator.with((name, value) -> {
                if (!String.valueOf(value).matches("|[A-Za-z_][A-Za-z0-9_]*")) {
                  throw new ConfigException(name, value, "a cluster name of the servers' <remote_servers> (letters, digits, _), or empty");
                }
              }, () -> "empty, or a cluster of <remote_servers>"), Importance.MEDIUM,
              "Empty: one ClickHouse server. A cluster name of the servers' <remote_servers> (./qyx up --cluster: qyx): each table is "
                  + "then a ReplicatedReplacingMergeTree X_local on every replica, created ON CLUSTER, and X a Distributed table over "
                  + "them, which views and analysts read; the sink writes X_local of the server at clickhouse.url.")
          .define(APPLICATION_ID, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
              "Kafka Streams application id: its consumer group and the prefix of its internal topics.")
          .define(STATE_DIR, Type.STRING, null, Importance.HIGH,
              "Directory for Kafka Streams' local state; keep it across restarts to avoid restoring from changelogs. "
                  + "Required by the streams app; no default, so state never lands in a temp directory by accident.")
          .define(STATE_MEMORY_BYTES, Type.LONG, 64L << 20, Range.atLeast(8L << 20), Importance.LOW,
              "Memory for every RocksDB state store of the streams app together (block cache, memtables, indexes), "
                  + "shared whatever the number of stores and partitions.")
          .define(TOPIC_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
              "Partitions of the topics the app creates; at most this many streams instances share the work.")
          .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1, Importance.MEDIUM,
              "Replication of every topic, internal ones included; -1 takes the broker's default.replication.factor.")
          .define(METRICS_PORT, Type.INT, -1, Range.atLeast(-1), Importance.MEDIUM,
              "Port of the app's /metrics (Prometheus) and /health; 0: any free port; -1: none (./qyx up gives each app one).")
          .define(METRICS_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.LOW,
              "Address /metrics and /health listen on: loopback unless a Prometheus on another host scrapes them.")
          .define(GROUP_SESSION_TIMEOUT_MS, Type.INT, 10_000, Range.between(6_000, 1_800_000), Importance.LOW,
              "How long a consumer group waits for a member that stopped answering (an app killed, or one of its threads "
                  + "replaced) before it hands that member's partitions on, to another instance or to the app its supervisor "
                  + "restarted. Kafka's 45 s default held every partition of a killed app that long (./qyx chaos); within "
                  + "the broker's group.min/max.session.timeout.ms (6 s to 30 min).")
          .define(SINK_GROUP_ID, Type.STRING, "qyx-sink", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
              "Consumer group of the ClickHouse sink.")
          .define(SINK_MAX_POLL_RECORDS, Type.INT, 5000, Range.between(1, 1_000_000), Importance.LOW,
              "Most records the sink writes to ClickHouse in one batch.")
          .define(SINK_RETRY_BACKOFF_MS, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
              "First delay before the sink tries a batch ClickHouse or the registry did not take again; it doubles up to sink.retry.max.backoff.ms.")
          .define(SINK_RETRY_MAX_BACKOFF_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
              "Longest delay between the sink's tries; it tries for as long as it takes.")
          .define(STATUS_AT_RISK_GAP, Type.DOUBLE, 5.0, Range.atLeast(0), Importance.MEDIUM,
              "An indicator more than this many percentage points of its target behind 时序进度 is AT_RISK.")
          .define(STATUS_LAGGING_GAP, Type.DOUBLE, 15.0, Range.atLeast(0), Importance.MEDIUM,
              "An indicator more than this many percentage points of its target behind 时序进度 is LAGGING and raises an alert.")
          .define(ALERT_FOR_EVALUATIONS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
              "Consecutive evaluations (ticks) an alert's condition must hold before the alert is raised; more than 1 keeps a flapping indicator quiet.")
          .define(ALERT_STRETCH_TARGETS, Type.BOOLEAN, false, Importance.MEDIUM,
              "Whether stretch targets (the plan's 力争, 争创, 争取, 努力) raise LAGGING and MISSED alerts as firm ones do; off, they are judged and shown but alert only when OVERDUE.")
          .define(PLAUSIBILITY_JUMP_FACTOR, Type.DOUBLE, 3.0, Range.atLeast(1), Importance.LOW,
              "An area's latest period is flagged JUMP when it is more than this many times its largest earlier period, or less than its smallest divided by this.")
          .define(PLAUSIBILITY_DENOMINATOR_SHIFT, Type.DOUBLE, 0.2, Range.atLeast(0), Importance.LOW,
              "A RATIO area is flagged DENOMINATOR_SHIFT when its latest denominator differs from the previous period's by more than this share.")
          .define(NOTIFY_WEBHOOK_URL, Type.PASSWORD, "", Importance.HIGH,
              "Where the notifier POSTs alert digests; empty: no notifier runs. A secret (a DingTalk robot's URL carries its access "
                  + "token): give it in a config file only its owner reads, never on a command line; it is never logged.")
          .define(NOTIFY_WEBHOOK_SECRET, Type.PASSWORD, "", Importance.MEDIUM,
              "A DingTalk robot's signing secret (加签, SEC...): every call then carries timestamp and sign (HmacSHA256 of "
                  + "timestamp + \"\\n\" + secret, Base64, URL-encoded). Empty: calls are not signed.")
          .define(NOTIFY_FORMAT, Type.STRING, "json", ConfigDef.ValidString.in("json", "dingtalk"), Importance.MEDIUM,
              "Digest payload: json (the digest as it is) or dingtalk (a DingTalk robot's markdown message).")
          .define(NOTIFY_GROUP_ID, Type.STRING, "qyx-notifier", new ConfigDef.NonEmptyString(), Importance.LOW,
              "Consumer group of the notifier, and the transactional id of its ledger writes: run one notifier per group.")
          .define(NOTIFY_GROUP_WAIT_MS, Type.LONG, 2000L, Range.atLeast(0), Importance.LOW,
              "How long the notifier waits for more notices of the same lead unit and as-of date before sending the digest.")
          .define(NOTIFY_RETRY_INITIAL_MS, Type.LONG, 1000L, Range.atLeast(1), Importance.LOW,
              "First delay before the notifier retries a failed webhook call; it doubles up to notify.retry.max.ms, and retries never stop.")
          .define(NOTIFY_RETRY_MAX_MS, Type.LONG, 60000L, Range.atLeast(1), Importance.LOW,
              "Longest delay between webhook retries.");

  /**
   * Kafka Streams settings this config owns: a {@code streams.} override of one of them would
   * silently split the app from what {@code sync} and {@code rebuild} watch, or drop exactly-once.
   */
  private static final Map<String, String> OWNED_STREAMS_KEYS = Map.of(
      "application.id", APPLICATION_ID,
      "bootstrap.servers", BOOTSTRAP_SERVERS,
      "state.dir", STATE_DIR,
      "rocksdb.config.setter", STATE_MEMORY_BYTES,
      "replication.factor", TOPIC_REPLICATION_FACTOR,
      "processing.guarantee", "(fixed: exactly_once_v2)",
      "security.protocol", Endpoints.SECURITY_PROTOCOL,
      "sasl.mechanism", Endpoints.SASL_MECHANISM,
      "sasl.jaas.config", Endpoints.SASL_JAAS_CONFIG);

  public PipelineConfig(Map<?, ?> originals) {
    super(DEFINITION, originals, false);
    if (getDouble(STATUS_AT_RISK_GAP) > getDouble(STATUS_LAGGING_GAP)) {
      throw new ConfigException(STATUS_AT_RISK_GAP + "=" + getDouble(STATUS_AT_RISK_GAP) + " is above " + STATUS_LAGGING_GAP + "="
          + getDouble(STATUS_LAGGING_GAP) + ": AT_RISK must start at a smaller gap than LAGGING; lower the first or raise the second");
    }
    for (String key : originalsWithPrefix(STREAMS_PREFIX).keySet()) {
      if (OWNED_STREAMS_KEYS.containsKey(key)) {
        throw new ConfigException(STREAMS_PREFIX + key + " conflicts with " + OWNED_STREAMS_KEYS.get(key)
            + ": set that key instead of overriding Kafka Streams' " + key);
      }
    }
  }

  /** The declared default of every setting that has one. */
  public static Map<String, Object> defaultValues() {
    return DEFINITION.defaultValues();
  }

  /** The brokers, and the login this config holds. */
  public KafkaAccess kafka() {
    return KafkaAccess.from(this);
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
