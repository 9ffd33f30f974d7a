package cn.gov.yuhuan.qyx.ops;

import cn.gov.yuhuan.qyx.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;

/**
 * Records an app read but no schema decodes, set aside on {@value Topics#UNDECODABLE_RECORDS} as they
 * came (key and value bytes) with where they were read and why in the headers Kafka Streams gives its
 * own dead letters (KIP-1034), so one table ({@code undecodable_records}) and one reader serve both.
 */
public final class UndecodableRecords {
  private UndecodableRecords() {}

  public static ProducerRecord<byte[], byte[]> of(RecordDeserializationException e) {
    var headers = new RecordHeaders()
        .add(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME, utf8(e.topicPartition().topic()))
        .add(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME, utf8(String.valueOf(e.topicPartition().partition())))
        .add(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME, utf8(String.valueOf(e.offset())))
        .add(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME, utf8(String.valueOf(e.getCause())));
    return new ProducerRecord<>(Topics.UNDECODABLE_RECORDS, null, e.timestamp() < 0 ? null : e.timestamp(), bytes(e.keyBuffer()),
        bytes(e.valueBuffer()), headers);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
