package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' own dead-letter handling (KIP-1034: original key and value bytes, the source
 * topic, partition and offset, the exception in headers), plus a {@value #REASON_HEADER} header
 * with the reason code analysts filter on.
 */
public final class DeadLetters {
  /** Header carrying the reason code of a dead letter, e.g. {@code UNDECODABLE}. */
  public static final String REASON_HEADER = "qyx.reason";

  /** Confluent wire format: a zero byte, then the 4-byte schema id, then the Avro body. */
  private static final byte MAGIC_BYTE = 0;

  private DeadLetters() {}

  /** Dead-letters records that cannot be deserialized, and goes on. */
  public static final class OnDeserializationError extends LogAndContinueExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      Response response = super.handleError(context, record, exception);
      withReason(response.deadLetterQueueRecords(), deserializationReason(record.value(), exception).name());
      return response;
    }
  }

  /** Dead-letters records a processing step rejected or failed on, and goes on. */
  public static final class OnProcessingError extends LogAndContinueProcessingExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      Response response = super.handleError(context, record, exception);
      String reason = (exception instanceof RejectedReportException rejected ? rejected.reason() : RejectReason.PROCESSING_ERROR).name();
      withReason(response.deadLetterQueueRecords(), reason);
      return response;
    }
  }

  /**
   * UNKNOWN_SCHEMA when the bytes are in the registry's wire format and the registry answered that
   * it has no schema under their id (HTTP 404); UNDECODABLE for anything else.
   */
  static RejectReason deserializationReason(byte[] value, Throwable exception) {
    boolean wireFormat = value != null && value.length > 5 && value[0] == MAGIC_BYTE;
    for (Throwable t = exception; wireFormat && t != null; t = t.getCause()) {
      // The serde wraps the registry's answer in a RuntimeException (shared/notes/infra.md).
      if (t instanceof ProblemDetails problem && Integer.valueOf(404).equals(problem.getStatus())) {
        return RejectReason.UNKNOWN_SCHEMA;
      }
    }
    return RejectReason.UNDECODABLE;
  }

  private static void withReason(List<ProducerRecord<byte[], byte[]>> deadLetters, String reason) {
    deadLetters.forEach(d -> d.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
  }
}
