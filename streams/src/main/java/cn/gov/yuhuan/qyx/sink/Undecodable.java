package cn.gov.yuhuan.qyx.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record the sink could not decode, for {@code undecodable_records}: its place and bytes, and
 * why. Only a failure that would fail the same way again counts (a registry that does not answer
 * is retried, not recorded here).
 */
record Undecodable(ConsumerRecord<byte[], byte[]> record, String error) {
  static final String TABLE = "undecodable_records";

  static String insertSql(ClickHouseLayout layout) {
    return "INSERT INTO " + layout.insertTarget(TABLE)
        + " (source_topic, source_partition, source_offset, raw_key_base64, raw_value_base64, error, landed_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
  }

  void bind(PreparedStatement insert, Timestamp landedAt) throws SQLException {
    insert.setString(1, record.topic());
    insert.setInt(2, record.partition());
    insert.setLong(3, record.offset());
    insert.setString(4, base64(record.key()));
    insert.setString(5, base64(record.value()));
    insert.setString(6, error);
    insert.setTimestamp(7, landedAt);
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? "" : Base64.getEncoder().encodeToString(bytes);
  }
}
