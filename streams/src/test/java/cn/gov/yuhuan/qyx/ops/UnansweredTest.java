package cn.gov.yuhuan.qyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.rest.client.models.ProblemDetails;
import java.io.EOFException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class UnansweredTest {
  @Test
  void shouldTryAgainWhatTheRegistryDidNotAnswerOrFailedItselfOn() {
    assertThat(Unanswered.is(new RuntimeException("call failed", new ConnectException("Connection refused")))).isTrue();
    assertThat(Unanswered.is(new RuntimeException(problem(503)))).as("its storage failing").isTrue();
  }

  @Test
  void shouldNotTryAgainWhatWouldFailTheSameWay() {
    assertThat(Unanswered.is(new RuntimeException(problem(404)))).as("no such schema").isFalse();
    assertThat(Unanswered.is(new IllegalStateException("Unknown magic byte!"))).isFalse();
    assertThat(Unanswered.is(new RuntimeException(new EOFException()))).as("truncated Avro").isFalse();
  }

  private static ProblemDetails problem(int status) {
    var problem = new ProblemDetails();
    problem.setStatus(status);
    return problem;
  }
}
