package cn.gov.yuhuan.qyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryDelaysTest {

  @Test
  void shouldDoubleFromTheFirstDelayUpToTheLongestAndStayThereForever() {
    var delays = new RetryDelays(Duration.ofSeconds(1), Duration.ofSeconds(60));

    assertThat(IntStream.rangeClosed(1, 8).mapToObj(n -> delays.after(n).toMillis()))
        .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L);
    // A receiver down for days: attempts far past any overflow still wait the longest delay.
    assertThat(delays.after(100_000)).isEqualTo(Duration.ofSeconds(60));
  }
}
