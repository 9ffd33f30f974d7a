package cn.gov.yuhuan.qyx.sink;

import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import cn.gov.yuhuan.qyx.streams.internals.DeadLetters;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;

/** The topic → table mappings of the sink. */
final class SinkTables {
  private SinkTables() {}

  static List<SinkTable> all(Topics topics) {
    return List.of(areaProgress(topics), indicatorProgress(topics), new RejectedEvents());
  }

  private static SinkTable areaProgress(Topics topics) {
    Deserializer<AreaProgress> values = topics.areaProgress().valueSerde().deserializer();
    return new Simple(Topics.AREA_PROGRESS, "area_progress",
        "indicator_id, area_code, actual, value_count, version, landed_at") {
      @Override
      public boolean bind(PreparedStatement insert, ConsumerRecord<byte[], byte[]> record, Timestamp landedAt) throws SQLException {
        AreaProgress row = values.deserialize(record.topic(), record.value());
        if (row == null) {
          return false;
        }
        insert.setString(1, row.getIndicatorId());
        insert.setString(2, row.getAreaCode());
        insert.setBigDecimal(3, row.getActual());
        insert.setLong(4, row.getValueCount());
        insert.setLong(5, row.getVersion());
        insert.setTimestamp(6, landedAt);
        return true;
      }
    };
  }

  private static SinkTable indicatorProgress(Topics topics) {
    Deserializer<IndicatorProgress> values = topics.indicatorProgress().valueSerde().deserializer();
    return new Simple(Topics.INDICATOR_PROGRESS, "indicator_progress",
        "indicator_id, actual, area_count, version, landed_at") {
      @Override
      public boolean bind(PreparedStatement insert, ConsumerRecord<byte[], byte[]> record, Timestamp landedAt) throws SQLException {
        IndicatorProgress row = values.deserialize(record.topic(), record.value());
        if (row == null) {
          return false;
        }
        insert.setString(1, row.getIndicatorId());
        insert.setBigDecimal(2, row.getActual());
        insert.setLong(3, row.getAreaCount());
        insert.setLong(4, row.getVersion());
        insert.setTimestamp(5, landedAt);
        return true;
      }
    };
  }

  /** Dead letters written by Kafka Streams, with the why and where it puts in headers. */
  static final class RejectedEvents extends Simple {
    RejectedEvents() {
      super(Topics.DEAD_LETTERS, "rejected_events",
          "reason, detail, source_topic, source_partition, source_offset, raw_key_base64, raw_value_base64, "
              + "dead_letter_partition, dead_letter_offset, rejected_at, landed_at");
    }

    @Override
    public boolean bind(PreparedStatement insert, ConsumerRecord<byte[], byte[]> record, Timestamp landedAt) throws SQLException {
      String exception = header(record, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME);
      String message = header(record, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME);
      String reason = header(record, DeadLetters.REASON_HEADER);
      insert.setString(1, reason.isEmpty() ? DeadLetters.PROCESSING_ERROR : reason);
      insert.setString(2, message.isEmpty() ? exception : message);
      insert.setString(3, header(record, ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME));
      insert.setInt(4, (int) parseOr(header(record, ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME), -1));
      insert.setLong(5, parseOr(header(record, ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME), -1));
      insert.setString(6, base64(record.key()));
      insert.setString(7, base64(record.value()));
      insert.setInt(8, record.partition());
      insert.setLong(9, record.offset());
      insert.setTimestamp(10, new Timestamp(record.timestamp()));
      insert.setTimestamp(11, landedAt);
      return true;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
      Header header = record.headers().lastHeader(name);
      return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long parseOr(String text, long fallback) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        return fallback;
      }
    }

    private static String base64(byte[] bytes) {
      return bytes == null ? "" : Base64.getEncoder().encodeToString(bytes);
    }
  }

  private abstract static class Simple implements SinkTable {
    private final String topic;
    private final String table;
    private final String columns;

    Simple(String topic, String table, String columns) {
      this.topic = topic;
      this.table = table;
      this.columns = columns;
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public String table() {
      return table;
    }

    @Override
    public String insertSql(String db) {
      String marks = String.join(", ", java.util.Collections.nCopies(columns.split(",").length, "?"));
      return "INSERT INTO " + db + "." + table + " (" + columns + ") VALUES (" + marks + ")";
    }
  }
}
