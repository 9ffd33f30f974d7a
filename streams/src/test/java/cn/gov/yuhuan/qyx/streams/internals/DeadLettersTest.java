package cn.gov.yuhuan.qyx.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = "garbage".getBytes(StandardCharsets.UTF_8);

  @Test
  void shouldDeadLetterUndecodableBytesAsTheyCameWithReasonAndOrigin() {
    var handler = new DeadLetters.OnDeserializationError();
    handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq"));

    var response = handler.handleError(context(), new ConsumerRecord<>("reports", 2, 41L, KEY, VALUE),
        new SerializationException("Unknown magic byte"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    ProducerRecord<byte[], byte[]> dead = single(response.deadLetterQueueRecords());
    assertThat(dead.topic()).isEqualTo("dlq");
    assertThat(dead.key()).isEqualTo(KEY);
    assertThat(dead.value()).isEqualTo(VALUE);
    assertThat(header(dead.headers(), DeadLetters.REASON_HEADER)).isEqualTo(RejectReason.UNDECODABLE.name());
    assertThat(header(dead.headers(), "__streams.errors.topic")).isEqualTo("reports");
    assertThat(header(dead.headers(), "__streams.errors.partition")).isEqualTo("2");
    assertThat(header(dead.headers(), "__streams.errors.offset")).isEqualTo("41");
  }

  @Test
  void shouldTellAnUnknownSchemaIdFromUndecodableBytes() {
    byte[] unknownId = {0, 0, 0, 0x7f, 0x7f, 2, 4};
    var problem = new io.apicurio.registry.rest.client.models.ProblemDetails();
    problem.setStatus(404);
    var notFound = new RuntimeException(problem);

    assertThat(DeadLetters.deserializationReason(unknownId, notFound)).isEqualTo(RejectReason.UNKNOWN_SCHEMA);
    assertThat(DeadLetters.deserializationReason(VALUE, notFound)).isEqualTo(RejectReason.UNDECODABLE);
    assertThat(DeadLetters.deserializationReason(unknownId, new java.io.EOFException()))
        .isEqualTo(RejectReason.UNDECODABLE);
  }

  @Test
  void shouldNameTheRuleARejectedReportBroke() {
    var handler = new DeadLetters.OnProcessingError();
    handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq"));

    var response = handler.handleError(context(DeadLetters.CHECKING_NODE), new Record<>("k", "v", 0L),
        new RejectedReportException(RejectReason.NEGATIVE_VALUE, "value -2 is below zero"));

    assertThat(header(single(response.deadLetterQueueRecords()).headers(), DeadLetters.REASON_HEADER)).isEqualTo("NEGATIVE_VALUE");
  }

  @Test
  void shouldCallAnyOtherFailureAProcessingError() {
    var handler = new DeadLetters.OnProcessingError();
    handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq"));

    var response = handler.handleError(context(DeadLetters.CHECKING_NODE), new Record<>("k", "v", 0L), new NullPointerException());

    assertThat(header(single(response.deadLetterQueueRecords()).headers(), DeadLetters.REASON_HEADER))
        .isEqualTo(RejectReason.PROCESSING_ERROR.name());
  }

  @Test
  void shouldStopRatherThanDeadLetterAFailureInAStepAfterTheChecks() {
    var handler = new DeadLetters.OnProcessingError();
    handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq"));

    var response = handler.handleError(context("evaluate-indicators"), new Record<>("k", "v", 0L), new NullPointerException());

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).as("a counted fact is not dead-lettered").isEmpty();
  }

  @Test
  void shouldReadARecordAgainRatherThanDeadLetterItWhenTheRegistryDoesNotAnswer() {
    var handler = new DeadLetters.OnDeserializationError();
    handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dlq"));
    var down = new RuntimeException("registry call failed", new java.net.ConnectException("Connection refused"));

    var response = handler.handleError(context(), new ConsumerRecord<>("reports", 2, 41L, KEY, VALUE), down);

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(handler.handleError(context(), new ConsumerRecord<>("reports", 2, 41L, KEY, VALUE), new SerializationException(new java.io.EOFException()))
        .result()).as("truncated bytes: no answer would mend them").isEqualTo(DeserializationExceptionHandler.Result.RESUME);
  }

  private static ProducerRecord<byte[], byte[]> single(List<ProducerRecord<byte[], byte[]>> records) {
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  private static String header(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static ErrorHandlerContext context() {
    return context("read-progress-reports");
  }

  private static ErrorHandlerContext context(String node) {
    return new ErrorHandlerContext() {
      @Override public String topic() { return "reports"; }
      @Override public int partition() { return 2; }
      @Override public long offset() { return 41L; }
      @Override public Headers headers() { return new RecordHeaders(); }
      @Override public String processorNodeId() { return node; }
      @Override public TaskId taskId() { return new TaskId(0, 2); }
      @Override public long timestamp() { return 0L; }
      @Override public byte[] sourceRawKey() { return KEY; }
      @Override public byte[] sourceRawValue() { return VALUE; }
    };
  }
}
