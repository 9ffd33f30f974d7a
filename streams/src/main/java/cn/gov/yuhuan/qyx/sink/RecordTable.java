package cn.gov.yuhuan.qyx.sink;

import cn.gov.yuhuan.qyx.schemas.Topic;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A table with one row per record of one topic, declared as an ordered list of columns. The insert's
 * column list and its placeholders come from that one list, so a value cannot land in the wrong
 * column.
 *
 * <p>Values are bound with {@code setObject} and the driver writes them as the column's type
 * (RowBinary): {@link java.math.BigDecimal} exactly, {@link java.time.LocalDate} as Date, {@link
 * Instant} as DateTime in UTC (a {@link Timestamp} would be read in the JVM's time zone), lists as
 * Array, null as NULL, booleans as UInt8, Avro enums as their symbol.
 */
final class RecordTable<V> implements SinkTable {
  /** What a column's value is read from: the decoded record value, the record, and when it lands. */
  record Landing<V>(V value, ConsumerRecord<byte[], byte[]> record, Instant landedAt) {}

  /** One column: its name in ClickHouse and how to read its value. */
  record Column<V>(String name, Function<Landing<V>, Object> value) {}

  private final String topic;
  private final String table;
  private final Function<ConsumerRecord<byte[], byte[]>, V> decode;
  private final List<Column<V>> columns;

  /**
   * @param decode the record's row value, or null for a record that has no row (a tombstone)
   */
  RecordTable(String topic, String table, Function<ConsumerRecord<byte[], byte[]>, V> decode, List<Column<V>> columns) {
    this.topic = topic;
    this.table = table;
    this.decode = decode;
    this.columns = List.copyOf(columns);
  }

  /** A table of the Avro values of {@code topic}; a tombstone (null value) has no row. */
  @SafeVarargs
  static <V> RecordTable<V> avro(Topic<String, V> topic, String table, Column<V>... columns) {
    Deserializer<V> values = topic.valueSerde().deserializer();
    return new RecordTable<>(topic.name(), table,
        record -> record.value() == null ? null : values.deserialize(record.topic(), record.value()), List.of(columns));
  }

  /** A column read from the record's value, e.g. {@code field("actual", AreaProgress::getActual)}. */
  static <V> Column<V> field(String name, Function<V, ?> getter) {
    return new Column<>(name, landing -> getter.apply(landing.value()));
  }

  /** The partition the record was read from. */
  static <V> Column<V> partition(String name) {
    return new Column<>(name, landing -> landing.record().partition());
  }

  /** The record's offset in its partition. */
  static <V> Column<V> offset(String name) {
    return new Column<>(name, landing -> landing.record().offset());
  }

  /** A column with the same value in every row. */
  static <V> Column<V> constant(String name, Object value) {
    return new Column<>(name, landing -> value);
  }

  /** {@code landed_at}: when the sink wrote the batch. */
  static <V> Column<V> landedAt() {
    return new Column<>("landed_at", Landing::landedAt);
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
  public String insertSql(String target) {
    return "INSERT INTO " + target + " (" + columns.stream().map(Column::name).collect(Collectors.joining(", "))
        + ") VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
  }

  @Override
  public boolean bind(PreparedStatement insert, ConsumerRecord<byte[], byte[]> record, Timestamp landedAt) throws SQLException {
    V value;
    try {
      value = decode.apply(record);
    } catch (RuntimeException e) {
      throw new UndecodableException(e);
    }
    if (value == null) {
      return false;
    }
    var landing = new Landing<>(value, record, landedAt.toInstant());
    for (int i = 0; i < columns.size(); i++) {
      Object column = columns.get(i).value().apply(landing);
      insert.setObject(i + 1, column instanceof Enum<?> symbol ? symbol.name() : column);
    }
    return true;
  }
}
