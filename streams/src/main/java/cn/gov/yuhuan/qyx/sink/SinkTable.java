package cn.gov.yuhuan.qyx.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** How records of one topic become rows of one ClickHouse table. */
interface SinkTable {
  /** The topic whose records land here. */
  String topic();

  /** The table name within the database. */
  String table();

  /** {@code INSERT INTO target (columns) VALUES (?, ...)}; {@code target} is qualified ({@link ClickHouseLayout#insertTarget}). */
  String insertSql(String target);

  /**
   * Binds one record's row. Returns false, binding nothing, for a record that has no row (a
   * tombstone).
   */
  boolean bind(PreparedStatement insert, ConsumerRecord<byte[], byte[]> record, Timestamp landedAt) throws SQLException;
}
