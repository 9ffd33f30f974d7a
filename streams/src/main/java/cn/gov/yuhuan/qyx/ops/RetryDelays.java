package cn.gov.yuhuan.qyx.ops;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * Delays between attempts at something another service must take (a digest for the webhook, a
 * batch for ClickHouse): from the first delay, doubling up to the longest, and never a last
 * attempt, so a service down for hours gets everything once it is back.
 */
public final class RetryDelays {
  private final IntervalFunction interval;

  public RetryDelays(Duration first, Duration longest) {
    if (longest.compareTo(first) < 0) {
      throw new IllegalArgumentException("the longest retry delay " + longest.toMillis()
          + " ms is shorter than the first " + first.toMillis() + " ms");
    }
    this.interval = IntervalFunction.ofExponentialBackoff(first, 2.0, longest);
  }

  /** How long to wait after {@code failedAttempts} (at least 1) attempts failed. */
  public Duration after(int failedAttempts) {
    return Duration.ofMillis(interval.apply(failedAttempts));
  }
}
