package cn.gov.yuhuan.qyx.streams.internals;

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

  /** Reason for bytes that are not a progress report of a known schema. */
  public static final String UNDECODABLE = "UNDECODABLE";

  /** Reason for a failure that is not a rule about the report: a bug to look into. */
  public static final String PROCESSING_ERROR = "PROCESSING_ERROR";

  private DeadLetters() {}

  /** Dead-letters records that cannot be deserialized, and goes on. */
  public static final class OnDeserializationError extends LogAndContinueExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      Response response = super.handleError(context, record, exception);
      withReason(response.deadLetterQueueRecords(), UNDECODABLE);
      return response;
    }
  }

  /** Dead-letters records a processing step rejected or failed on, and goes on. */
  public static final class OnProcessingError extends LogAndContinueProcessingExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      Response response = super.handleError(context, record, exception);
      String reason = exception instanceof RejectedReportException rejected ? rejected.reason() : PROCESSING_ERROR;
      withReason(response.deadLetterQueueRecords(), reason);
      return response;
    }
  }

  private static void withReason(List<ProducerRecord<byte[], byte[]>> deadLetters, String reason) {
    deadLetters.forEach(d -> d.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
  }
}
