package cn.gov.yuhuan.qyx.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts one table's rows, on a connection of its own so that the sink writes its tables side by
 * side: a poll then takes as long as its slowest insert, not the sum of them.
 */
final class TableWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TableWriter.class);

  /** Opens a connection to ClickHouse. */
  interface Connector {
    Connection connect() throws SQLException;
  }

  private final SinkTable table;
  private final String db;
  private final Connector connector;
  private final Retrier retrier;
  private Connection connection;
  /**
   * The table's insert, prepared once per connection: preparing one makes the driver read the
   * table's columns from the server, a round trip per batch otherwise.
   */
  private PreparedStatement insert;

  TableWriter(SinkTable table, String db, Connector connector, Retrier retrier) {
    this.table = table;
    this.db = db;
    this.connector = connector;
    this.retrier = retrier;
  }

  SinkTable table() {
    return table;
  }

  /** Inserts the batch's rows, retrying what ClickHouse may accept on a later try; returns the rows inserted. */
  int write(List<ConsumerRecord<byte[], byte[]>> batch, Timestamp landedAt) throws Exception {
    int rows = retrier.run("insert " + batch.size() + " rows into " + db + "." + table.table(), () -> insert(batch, landedAt));
    log.debug("Landed rows=[{}] table=[{}]", rows, table.table());
    return rows;
  }

  private int insert(List<ConsumerRecord<byte[], byte[]>> batch, Timestamp landedAt) throws SQLException {
    try {
      if (insert == null) {
        connection = connector.connect();
        insert = connection.prepareStatement(table.insertSql(db));
      }
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
      close(); // a broken connection must not be reused by the retry
      throw e;
    }
  }

  @Override
  public void close() {
    insert = null; // closed with its connection
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("Closing a ClickHouse connection", e);
      }
      connection = null;
    }
  }
}
