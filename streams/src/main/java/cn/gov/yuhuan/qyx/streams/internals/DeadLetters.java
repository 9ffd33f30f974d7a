package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.ops.Unanswered;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' own dead-letter handling (KIP-1034: original key and value bytes, the source
 * topic, partition and offset, the exception in headers), plus a {@value #REASON_HEADER} header
 * with the reason code analysts filter on.
 *
 * <p>Only what the report is to blame for is dead-lettered: bytes no schema reads, and a report the
 * checking stage ({@value #CHECKING_NODE}) refuses or fails on. A registry that does not answer is
 * no fault of the report: the app waits and reads it again. A failure in any later step (the
 * indicator stage, the sums) is a bug in a fact already counted, and stops the app rather than
 * dead-letter an update that the totals would then miss.
 */
public final class DeadLetters {
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
  /** Header carrying the reason code of a dead letter, e.g. {@code UNDECODABLE}. */
  public static final String REASON_HEADER = "qyx.reason";
  /** The processor whose failures are the report's, and dead-lettered (named in ProgressTopology). */
  public static final String CHECKING_NODE = "check-report";
  /** How long a stream thread waits before it reads a record again that the registry could not decode for want of an answer. */
  static final Duration REGISTRY_RETRY = Duration.ofSeconds(2);

  /** Confluent wire format: a zero byte, then the 4-byte schema id, then the Avro body. */
  private static final byte MAGIC_BYTE = 0;

  private DeadLetters() {}

  /**
   * Dead-letters records that cannot be deserialized, and goes on; but fails (the thread is
   * replaced and reads the record again) while the registry does not answer.
   */
  public static final class OnDeserializationError extends LogAndContinueExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      if (Unanswered.is(exception)) {
        log.warn("The registry did not answer for topic=[{}] partition=[{}] offset=[{}]: {}; reading it again in {} ms",
            record.topic(), record.partition(), record.offset(), exception.toString(), REGISTRY_RETRY.toMillis());
        sleep(REGISTRY_RETRY);
        return Response.fail();
      }
      Response response = super.handleError(context, record, exception);
      withReason(response.deadLetterQueueRecords(), deserializationReason(record.value(), exception).name());
      return response;
    }
  }

  /** Dead-letters records the checking stage rejected or failed on, and goes on; fails on any other step's failure. */
  public static final class OnProcessingError extends LogAndContinueProcessingExceptionHandler {
    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      if (Unanswered.is(exception)) {
        // The catalog's global tables decode through the registry too: not the report's fault.
        log.warn("The registry did not answer while processor=[{}] handled topic=[{}] partition=[{}] offset=[{}]: {}; processing it again in {} ms",
            context.processorNodeId(), context.topic(), context.partition(), context.offset(), exception.toString(), REGISTRY_RETRY.toMillis());
        sleep(REGISTRY_RETRY);
        return Response.fail();
      }
      if (!CHECKING_NODE.equals(context.processorNodeId())) {
        log.error("Processing failed in processor=[{}] task=[{}] topic=[{}] partition=[{}] offset=[{}]: a bug in a step after the checks; "
            + "stopping rather than dead-letter an update the totals would miss", context.processorNodeId(), context.taskId(),
            context.topic(), context.partition(), context.offset(), exception);
        return Response.fail();
      }
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

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Adds the reason to each dead letter and counts them by reason (qyx_dead_letters_total on /metrics). */
  private static void withReason(List<ProducerRecord<byte[], byte[]>> deadLetters, String reason) {
    Metrics.counter("qyx.dead.letters", "reason", reason).increment(deadLetters.size());
    deadLetters.forEach(d -> d.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
  }
}
