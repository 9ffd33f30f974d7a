package cn.gov.yuhuan.qyx.sink;

import cn.gov.yuhuan.qyx.ops.Unanswered;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
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

  /** What one batch did: the rows inserted, and the records that could not be decoded (no row). */
  record Written(String table, int rows, List<Undecodable> undecodable) {}

  private final SinkTable table;
  /** Where the rows go, qualified: {@link ClickHouseLayout#insertTarget}. */
  private final String target;
  private final Connector connector;
  private Connection connection;
  /**
   * The table's insert, prepared once per connection: preparing one makes the driver read the
   * table's columns from the server, a round trip per batch otherwise.
   */
  private PreparedStatement insert;

  TableWriter(SinkTable table, String target, Connector connector) {
    this.table = table;
    this.target = target;
    this.connector = connector;
  }

  SinkTable table() {
    return table;
  }

  /**
   * Inserts the batch's rows in one insert. A record that cannot be decoded for good is left out and
   * returned; a failure worth another try ({@link ClickHouseErrors#isRetriable}: ClickHouse or the
   * registry not answering) fails the whole batch, which the sink tries again later.
   */
  Written write(List<ConsumerRecord<byte[], byte[]>> batch, Timestamp landedAt) throws SQLException {
    try {
      if (insert == null) {
        connection = connector.connect();
        insert = connection.prepareStatement(table.insertSql(target));
      }
      int rows = 0;
      List<Undecodable> undecodable = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : batch) {
        boolean bound;
        try {
          bound = table.bind(insert, record, landedAt);
        } catch (UndecodableException e) {
          if (Unanswered.is(e)) {
            throw e; // the registry did not answer: the whole batch again later
          }
          undecodable.add(new Undecodable(record, e.getMessage()));
          continue;
        }
        if (bound) {
          insert.addBatch();
          rows++;
        }
      }
      if (rows > 0) {
        insert.executeBatch();
      }
      log.debug("Landed rows=[{}] table=[{}]", rows, table.table());
      return new Written(table.table(), rows, undecodable);
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
