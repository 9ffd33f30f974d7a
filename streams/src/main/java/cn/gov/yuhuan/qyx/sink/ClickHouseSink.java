package cn.gov.yuhuan.qyx.sink;

import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import com.clickhouse.client.api.ClientConfigProperties;
import com.clickhouse.jdbc.Driver;
import com.clickhouse.jdbc.DriverProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands the streams app's outputs and dead letters in ClickHouse. Each poll becomes one insert
 * per table, and offsets are committed only after every insert succeeded: a crash in between
 * re-sends rows ClickHouse already has, which ReplacingMergeTree folds away (at-least-once
 * delivery, exactly-once numbers).
 */
public final class ClickHouseSink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClickHouseSink.class);

  private final PipelineConfig config;
  private final String db;
  private final List<SinkTable> tables;
  private final Retrier retrier;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final java.util.Map<SinkTable, PreparedStatement> statements = new java.util.HashMap<>();
  private Connection connection;

  public ClickHouseSink(PipelineConfig config) {
    this.config = config;
    this.db = config.getString(PipelineConfig.CLICKHOUSE_DATABASE);
    this.tables = SinkTables.all(new Topics(new RegistryAvroSerdes(config.getString(PipelineConfig.SCHEMA_REGISTRY_URL))));
    this.retrier = new Retrier(config.getInt(PipelineConfig.SINK_RETRY_ATTEMPTS),
        Duration.ofMillis(config.getLong(PipelineConfig.SINK_RETRY_BACKOFF_MS)));
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, config.getString(PipelineConfig.SINK_GROUP_ID),
        // Only what the streams app committed: an aborted transaction never reaches analysts.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.getInt(PipelineConfig.SINK_MAX_POLL_RECORDS),
        // Fewer, larger inserts: every insert is a new part ClickHouse must merge, so a stream of
        // small ones costs it more than the rows do. The broker answers once 256 KB are there, or
        // after 200 ms.
        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** JDBC settings that ClickHouse 18.16 needs: its HTTP compression is broken, RowBinary inserts work. */
  static Properties jdbcProperties() {
    var props = new Properties();
    props.setProperty(ClientConfigProperties.COMPRESS_SERVER_RESPONSE.getKey(), "false");
    props.setProperty(ClientConfigProperties.COMPRESS_CLIENT_REQUEST.getKey(), "false");
    props.setProperty(ClientConfigProperties.USE_HTTP_COMPRESSION.getKey(), "false");
    props.setProperty(DriverProperties.BETA_ROW_BINARY_WRITER.getKey(), "true");
    return props;
  }

  static String jdbcUrl(PipelineConfig config) {
    return "jdbc:clickhouse:" + config.getString(PipelineConfig.CLICKHOUSE_URL);
  }

  /** Creates the tables, then lands records until {@link #stop()} is called. */
  public void run() throws Exception {
    retrier.run("create the tables in database " + db, () -> {
      ClickHouseTables.create(connection(), db);
      return null;
    });
    consumer.subscribe(tables.stream().map(SinkTable::topic).toList());
    log.info("Sink started database=[{}] topics=[{}]", db, tables.stream().map(SinkTable::topic).toList());
    try {
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          land(records);
        }
        // Commit positions, not last offsets + 1, so transaction markers count as landed.
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    }
  }

  private void land(ConsumerRecords<byte[], byte[]> records) throws Exception {
    var landedAt = new Timestamp(System.currentTimeMillis());
    for (SinkTable table : tables) {
      List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
      records.records(table.topic()).forEach(batch::add);
      if (batch.isEmpty()) {
        continue;
      }
      String what = "insert " + batch.size() + " rows into " + db + "." + table.table();
      int rows = retrier.run(what, () -> insert(table, batch, landedAt));
      log.debug("Landed rows=[{}] table=[{}]", rows, table.table());
    }
  }

  private int insert(SinkTable table, List<ConsumerRecord<byte[], byte[]>> batch, Timestamp landedAt) throws SQLException {
    try {
      PreparedStatement insert = statement(table);
      int rows = 0;
      for (ConsumerRecord<byte[], byte[]> record : batch) {
        if (table.bind(insert, record, landedAt)) {
          insert.addBatch();
          rows++;
        }
      }
      if (rows > 0) {
        insert.executeBatch();
      }
      return rows;
    } catch (SQLException | RuntimeException e) {
      closeConnection(); // a broken connection must not be reused by the retry
      throw e;
    }
  }

  /**
   * The table's insert, prepared once per connection: preparing one makes the driver read the
   * table's columns from the server, a round trip per table and batch otherwise.
   */
  private PreparedStatement statement(SinkTable table) throws SQLException {
    PreparedStatement prepared = statements.get(table);
    if (prepared == null) {
      prepared = connection().prepareStatement(table.insertSql(db));
      statements.put(table, prepared);
    }
    return prepared;
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = connect(config);
    }
    return connection;
  }

  /** A JDBC connection to the configured ClickHouse, with the settings 18.16 needs. */
  public static Connection connect(PipelineConfig config) throws SQLException {
    // The driver directly: DriverManager does not find jdbc-v2 0.10.0 through its service file.
    return new Driver().connect(jdbcUrl(config), jdbcProperties());
  }

  private void closeConnection() {
    statements.clear(); // closed with their connection
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("Closing a failed ClickHouse connection", e);
      }
      connection = null;
    }
  }

  /** Asks {@link #run()} to return after the batch in hand; safe from any thread. */
  public void stop() {
    running.set(false);
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close();
    closeConnection();
  }
}
