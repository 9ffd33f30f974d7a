package cn.gov.yuhuan.qyx.streams;

import cn.gov.yuhuan.qyx.ops.StateStoreSizes;
import cn.gov.yuhuan.qyx.ops.Telemetry;
import cn.gov.yuhuan.qyx.ops.Unanswered;
import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.TopicSetup;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.internals.BoundedRocksDbMemory;
import cn.gov.yuhuan.qyx.streams.internals.DeadLetters;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the intake ({@link IntakeTopology}) and the progress topology until the process is told to
 * stop: two Kafka Streams apps in one process, since the intake's consumer group must outlive the
 * progress topology's, which {@code ./qyx rebuild} deletes.
 */
public final class StreamsApp {
  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

  private StreamsApp() {}

  /** The two apps of a running process. */
  public record Running(KafkaStreams intake, KafkaStreams progress, Topology progressTopology) {}

  /**
   * The intake's settings: exactly-once like the progress topology, so a report is copied once; one
   * thread (copying bytes is cheap) committing every 100 ms, the default under exactly-once, since
   * its commit is on every report's way and a tick waits for it; and a look for new units' topics
   * every 30 s.
   */
  public static Properties intakeProperties(PipelineConfig config) {
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, Intake.APPLICATION_ID);
    props.putAll(config.kafka().clientConfig());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.requiredStateDir());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(PipelineConfig.TOPIC_REPLICATION_FACTOR));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // One task reads every unit's topic; their records need no order among them (each unit's own
    // is kept), so it never waits for one topic to have data before copying another's.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 30_000);
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), config.getInt(PipelineConfig.GROUP_SESSION_TIMEOUT_MS));
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return props;
  }

  /** The Kafka Streams settings this pipeline needs, then the operator's {@code streams.*} overrides. */
  public static Properties streamsProperties(PipelineConfig config) {
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(PipelineConfig.APPLICATION_ID));
    props.putAll(config.kafka().clientConfig());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.requiredStateDir());
    // One memory budget for every RocksDB store, instead of a cache and memtables per store and partition.
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    props.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, config.getLong(PipelineConfig.STATE_MEMORY_BYTES));
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.getShort(PipelineConfig.TOPIC_REPLICATION_FACTOR));
    // A report counts once even if the app dies between reading it and writing its results.
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Each commit is a transaction (markers on every partition written, round trips to the
    // coordinator), and a report crosses two before it is visible downstream. On two shared cores
    // exactly-once's 100 ms default was worse on both counts in ./qyx bench at 100k: 2,670
    // reports/s and a p99 of 2.1 s at 1,000/s, against 4,031/s and 1.4 s with 250 ms.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 250);
    // Every task reads one partition, so there is nothing to wait for before processing; with
    // idling on, Kafka Streams 4.3 formats a log text for every idle task on every loop (6% of the
    // app's CPU in a profile of ./qyx bench).
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // Bad records never stop the app: they go to the dead-letter topic with the reason in headers.
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.OnDeserializationError.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.OnProcessingError.class);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTERS);
    // Kafka Streams never leaves its group on close, so a killed app or a replaced thread holds its
    // partitions until the group gives up on it.
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), config.getInt(PipelineConfig.GROUP_SESSION_TIMEOUT_MS));
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.putAll(config.streamsOverrides());
    return props;
  }

  /**
   * Creates the pipeline's topics if missing and starts the intake and the topology; the caller
   * stops them ({@link #stop}). {@code onState} hears every state change of either.
   */
  public static Running start(PipelineConfig config, KafkaStreams.StateListener onState) throws InterruptedException {
    int eventLogPartitions;
    try (Admin admin = Admin.create(config.kafka().clientConfig())) {
      TopicSetup.ensureTopics(admin, config.getInt(PipelineConfig.TOPIC_PARTITIONS), config.getShort(PipelineConfig.TOPIC_REPLICATION_FACTOR));
      eventLogPartitions = partitions(admin, Topics.PROGRESS_REPORTS);
    }
    var topology = ProgressTopology.buildTopology(RegistryAvroSerdes.registering(config.getString(PipelineConfig.SCHEMA_REGISTRY_URL)),
        StatusSettings.from(config).withEventLogPartitions(eventLogPartitions));
    log.info("Topology:\n{}", topology.describe());

    KafkaStreams progress = started("progress", new KafkaStreams(topology, streamsProperties(config)), onState);
    KafkaStreams intake = started("intake", new KafkaStreams(IntakeTopology.build(), intakeProperties(config)), onState);
    return new Running(intake, progress, topology);
  }

  private static KafkaStreams started(String app, KafkaStreams streams, KafkaStreams.StateListener onState) {
    streams.setUncaughtExceptionHandler(e -> {
      if (failedProcessing(e) && !Unanswered.is(e)) {
        // A step after the checks failed (DeadLetters.OnProcessingError): a bug that would fail
        // the same way on a fresh thread. Stop, loudly, with nothing of that record committed.
        log.error("Processing failed in app=[{}] after the checks; stopping it (exit 1): fix the bug and start it again", app, e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
      // A lost broker, or a registry that did not answer: a fresh thread resumes from the last commit.
      log.error("Stream thread of app=[{}] failed; replacing it", app, e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      log.info("Streams app=[{}] state=[{}] previous=[{}]", app, now, before);
      onState.onChange(now, before);
    });
    streams.start();
    return streams;
  }

  /** Whether the processing exception handler failed the thread (its response FAIL), as opposed to a lost broker. */
  static boolean failedProcessing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("FailedProcessingException")) {
        return true;
      }
    }
    return false;
  }

  private static int partitions(Admin admin, String topic) throws InterruptedException {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Cannot describe " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Closes the app and leaves its consumer group. Kafka Streams stays in the group by default to
   * spare a quick restart a rebalance; a stopped app that stays would block {@code ./qyx rebuild}
   * and hold its partitions until the session times out.
   */
  public static void stop(Running running) {
    stop(running.intake());
    stop(running.progress());
  }

  private static void stop(KafkaStreams streams) {
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
  }

  /**
   * Runs the app until SIGTERM/SIGINT, then closes it cleanly.
   *
   * @return false if Kafka Streams stopped in ERROR (the process should exit non-zero)
   */
  public static boolean run(PipelineConfig config) throws InterruptedException {
    try (Telemetry telemetry = Telemetry.start("streams", config.getString(PipelineConfig.METRICS_HOST),
        config.getInt(PipelineConfig.METRICS_PORT))) {
      return run(config, telemetry);
    }
  }

  private static boolean run(PipelineConfig config, Telemetry telemetry) throws InterruptedException {
    var stopped = new CountDownLatch(1);
    var failed = new java.util.concurrent.atomic.AtomicBoolean();
    Running streams = start(config, (now, before) -> {
      if (now == KafkaStreams.State.ERROR) {
        failed.set(true);
      }
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        stopped.countDown();
      }
    });
    // Kafka Streams' own metrics (per thread, task and store: process rates, commit latency) and the
    // consumers' lag, tagged by app; and each state store's size.
    new KafkaStreamsMetrics(streams.intake(), Tags.of("streams_app", "intake")).bindTo(telemetry.registry());
    new KafkaStreamsMetrics(streams.progress(), Tags.of("streams_app", "progress")).bindTo(telemetry.registry());
    StateStoreSizes.bind(streams.progress(), streams.progressTopology(), Tags.of("streams_app", "progress"), telemetry.registry());
    telemetry.health(() -> health(streams));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop(streams);
      stopped.countDown();
    }, "qyx-streams-shutdown"));
    stopped.await();
    return !failed.get();
  }

  /** UP while both apps run; otherwise the state of the one that does not (REBALANCING after a start or a restart of a peer). */
  static Telemetry.Health health(Running streams) {
    KafkaStreams.State intake = streams.intake().state();
    KafkaStreams.State progress = streams.progress().state();
    Map<String, Object> details = Map.of("intake", intake.name(), "progress", progress.name());
    if (intake == KafkaStreams.State.RUNNING && progress == KafkaStreams.State.RUNNING) {
      return Telemetry.Health.up(details);
    }
    return new Telemetry.Health((progress != KafkaStreams.State.RUNNING ? progress : intake).name(), details);
  }
}
