package cn.gov.yuhuan.qyx.sink;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.ops.RetryDelays;
import cn.gov.yuhuan.qyx.ops.Telemetry;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import com.clickhouse.client.api.ClientConfigProperties;
import com.clickhouse.jdbc.Driver;
import com.clickhouse.jdbc.DriverProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands the streams app's outputs and dead letters in ClickHouse. Each poll becomes one insert
 * per table, the tables written side by side, and offsets are committed only after every insert
 * succeeded: a crash in between re-sends rows ClickHouse already has, which ReplacingMergeTree
 * folds away (at-least-once delivery, exactly-once numbers).
 *
 * <p>ClickHouse (or the registry) not answering stops nothing: the sink rewinds to the batch,
 * pauses its partitions (staying in its group) and tries again after a delay that doubles up to
 * {@code sink.retry.max.backoff.ms}, for as long as it takes, then catches up. A record it cannot
 * decode goes to {@code undecodable_records} with its place and bytes, and the sink goes on.
 */
public final class ClickHouseSink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClickHouseSink.class);

  private final PipelineConfig config;
  private final String db;
  private final ClickHouseLayout layout;
  private final RetryDelays delays;
  private final List<TableWriter> writers;
  private final ExecutorService inserts;
  private final KafkaConsumer<byte[], byte[]> consumer;
  /**
   * Sinks started together on a cluster each run the same DDL ON CLUSTER, and one's statement can
   * fail on a replica where the other's has not run yet (seen: a view whose table "doesn't exist"
   * there). Creating the tables again settles it; more often than this is not a race.
   */
  private static final int MAX_DDL_RACES = 5;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Telemetry telemetry;
  private final KafkaClientMetrics consumerMetrics;
  /** Batches that failed in a row (0 while landing), and since when: the health and a gauge. */
  private final AtomicInteger failuresInRow = new AtomicInteger();
  private volatile Instant failingSince;

  public ClickHouseSink(PipelineConfig config) {
    this.config = config;
    this.db = config.getString(PipelineConfig.CLICKHOUSE_DATABASE);
    this.layout = ClickHouseLayout.of(config);
    this.delays = new RetryDelays(Duration.ofMillis(config.getLong(PipelineConfig.SINK_RETRY_BACKOFF_MS)),
        Duration.ofMillis(config.getLong(PipelineConfig.SINK_RETRY_MAX_BACKOFF_MS)));
    this.writers = SinkTables.all(new Topics(new RegistryAvroSerdes(config.getString(PipelineConfig.SCHEMA_REGISTRY_URL))))
        .stream().map(table -> new TableWriter(table, layout.insertTarget(table.table()), () -> connect(config))).toList();
    this.inserts = Executors.newFixedThreadPool(writers.size(), runnable -> {
      var thread = new Thread(runnable, "qyx-sink-insert");
      thread.setDaemon(true);
      return thread;
    });
    this.consumer = new KafkaConsumer<>(config.kafka().clientConfig(Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, config.getString(PipelineConfig.SINK_GROUP_ID),
        // Only what the streams app committed: an aborted transaction never reaches analysts.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.getInt(PipelineConfig.GROUP_SESSION_TIMEOUT_MS),
        // Several sinks share the partitions (./qyx up --cluster): when one dies or comes back, only
        // the partitions that move are handed over; the others keep landing meanwhile (the default
        // range assignor takes every partition from every sink at each rebalance).
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.getInt(PipelineConfig.SINK_MAX_POLL_RECORDS),
        // Fewer, larger inserts: every insert is a new part ClickHouse must merge, so a stream of
        // small ones costs it more than the rows do. The broker answers once 256 KB are there, or
        // after 100 ms.
        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100)),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.telemetry = Telemetry.start("sink", config.getString(PipelineConfig.METRICS_HOST), config.getInt(PipelineConfig.METRICS_PORT));
    this.consumerMetrics = new KafkaClientMetrics(consumer); // lag per partition: records-lag
    consumerMetrics.bindTo(telemetry.registry());
    Gauge.builder("qyx.sink.failures.in.row", failuresInRow, AtomicInteger::get)
        .description("Batches ClickHouse (or the registry) did not take, in a row; 0 while landing").register(telemetry.registry());
    telemetry.health(() -> failuresInRow.get() == 0
        ? Telemetry.Health.up(Map.of("database", db))
        : new Telemetry.Health("RETRYING", Map.of("failures_in_row", failuresInRow.get(), "failing_since", String.valueOf(failingSince))));
  }

  /** JDBC settings that ClickHouse 18.16 needs: its HTTP compression is broken, RowBinary inserts work. */
  static Properties jdbcProperties(PipelineConfig config) {
    var props = new Properties();
    props.setProperty("user", config.getString(PipelineConfig.CLICKHOUSE_USER));
    props.setProperty("password", config.getPassword(PipelineConfig.CLICKHOUSE_PASSWORD).value());
    props.setProperty(ClientConfigProperties.COMPRESS_SERVER_RESPONSE.getKey(), "false");
    props.setProperty(ClientConfigProperties.COMPRESS_CLIENT_REQUEST.getKey(), "false");
    props.setProperty(ClientConfigProperties.USE_HTTP_COMPRESSION.getKey(), "false");
    props.setProperty(DriverProperties.BETA_ROW_BINARY_WRITER.getKey(), "true");
    return props;
  }

  static String jdbcUrl(PipelineConfig config) {
    return "jdbc:clickhouse:" + config.getString(PipelineConfig.CLICKHOUSE_URL);
  }

  /** Creates the tables (waiting for ClickHouse if it does not answer), then lands records until {@link #stop()} is called. */
  public void run() throws Exception {
    try {
      createTables();
      List<String> topics = writers.stream().map(writer -> writer.table().topic()).toList();
      consumer.subscribe(topics);
      log.info("Sink started database=[{}] topics=[{}]", db, topics);
      int failures = 0;
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          try {
            land(records);
          } catch (Exception e) {
            if (!ClickHouseErrors.isRetriable(e)) {
              throw e; // fails the same way again: stop without committing, so nothing is skipped
            }
            failures++;
            failuresInRow.set(failures);
            if (failures == 1) {
              failingSince = Instant.now();
            }
            Duration delay = delays.after(failures);
            log.warn("Cannot land records=[{}] (failure {} in a row; ClickHouse or the registry does not answer): {}. "
                + "Holding the partitions and trying again in {} ms", records.count(), failures, e.toString(), delay.toMillis());
            rewind(records);
            waitPaused(delay);
            continue;
          }
          if (failures > 0) {
            log.info("Landing again after failures=[{}]", failures);
            failures = 0;
            failuresInRow.set(0);
          }
        }
        commit();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    }
  }

  private void createTables() throws Exception {
    int races = 0;
    for (int failures = 1; running.get(); failures++) {
      try (Connection connection = connect(config)) {
        ClickHouseTables.create(connection, new ClickHouseQuery(config), layout);
        return;
      } catch (Exception e) {
        boolean raced = ClickHouseErrors.isClusterDdlRace(e) && ++races <= MAX_DDL_RACES;
        if (!ClickHouseErrors.isRetriable(e) && !raced) {
          throw e;
        }
        Duration delay = delays.after(failures);
        log.warn("Cannot create the tables in database=[{}] (failure {}): {}. Trying again in {} ms", db, failures, e.toString(), delay.toMillis());
        Thread.sleep(delay.toMillis());
      }
    }
  }

  /** Back to the first record of the batch on each partition still assigned, so the next poll reads it again. */
  private void rewind(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      if (consumer.assignment().contains(partition)) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
    }
  }

  /**
   * Waits {@code delay} with every partition paused, polling so the group keeps the sink as a
   * member. Records polled meanwhile (from a partition assigned by a rebalance, not yet paused) are
   * rewound, not dropped.
   */
  private void waitPaused(Duration delay) {
    long until = System.nanoTime() + delay.toNanos();
    consumer.pause(consumer.assignment());
    while (running.get() && System.nanoTime() < until) {
      ConsumerRecords<byte[], byte[]> early = consumer.poll(Duration.ofMillis(Math.min(500, Math.max(1, (until - System.nanoTime()) / 1_000_000))));
      if (!early.isEmpty()) {
        rewind(early);
        consumer.pause(consumer.assignment());
      }
    }
    consumer.resume(consumer.paused());
  }

  /**
   * Commits the positions (not last offsets + 1, so transaction markers count as landed). A commit
   * the broker could not take (restarting, or the group rebalancing) is only logged: the rows are in
   * ClickHouse, and landing them again after a restart changes nothing.
   */
  private void commit() {
    try {
      consumer.commitSync();
    } catch (RetriableException | CommitFailedException | RebalanceInProgressException e) {
      log.warn("Could not commit the sink's positions, will with the next batch: {}", e.toString());
    }
  }

  /**
   * One insert per table that has rows, side by side, then the records none could decode; returns
   * once all are done, throws the first failure.
   */
  private void land(ConsumerRecords<byte[], byte[]> records) throws Exception {
    var landedAt = new Timestamp(System.currentTimeMillis());
    List<Future<TableWriter.Written>> done = new ArrayList<>();
    for (TableWriter writer : writers) {
      List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
      records.records(writer.table().topic()).forEach(batch::add);
      if (!batch.isEmpty()) {
        done.add(inserts.submit(() -> writer.write(batch, landedAt)));
      }
    }
    Exception failed = null;
    List<Undecodable> undecodable = new ArrayList<>();
    for (Future<TableWriter.Written> insert : done) {
      try {
        TableWriter.Written written = insert.get();
        undecodable.addAll(written.undecodable());
        telemetry.registry().counter("qyx.sink.rows", "table", written.table()).increment(written.rows());
      } catch (ExecutionException e) {
        if (failed == null) {
          failed = e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
    if (!undecodable.isEmpty()) {
      landUndecodable(undecodable, landedAt);
      telemetry.registry().counter("qyx.sink.rows", "table", Undecodable.TABLE).increment(undecodable.size());
    }
  }

  private void landUndecodable(List<Undecodable> undecodable, Timestamp landedAt) throws SQLException {
    try (Connection connection = connect(config); PreparedStatement insert = connection.prepareStatement(Undecodable.insertSql(layout))) {
      for (Undecodable record : undecodable) {
        log.warn("Undecodable record topic=[{}] partition=[{}] offset=[{}]: {}; landed in {}", record.record().topic(),
            record.record().partition(), record.record().offset(), record.error(), layout.insertTarget(Undecodable.TABLE));
        record.bind(insert, landedAt);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** A JDBC connection to the configured ClickHouse, with the settings 18.16 needs. */
  public static Connection connect(PipelineConfig config) throws SQLException {
    // The driver directly: DriverManager does not find jdbc-v2 0.10.0 through its service file.
    return new Driver().connect(jdbcUrl(config), jdbcProperties(config));
  }

  /** The port of its /metrics and /health, -1 without (metrics.port). */
  public int metricsPort() {
    return telemetry.port();
  }

  /** Asks {@link #run()} to return after the batch in hand; safe from any thread. */
  public void stop() {
    running.set(false);
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumerMetrics.close();
    telemetry.close();
    consumer.close();
    inserts.shutdownNow();
    writers.forEach(TableWriter::close);
  }
}
