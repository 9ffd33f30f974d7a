package cn.gov.yuhuan.qyx.sink;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an operation, retrying retriable ClickHouse failures with exponential backoff. */
public final class Retrier {
  private static final Logger log = LoggerFactory.getLogger(Retrier.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final int attempts;
  private final RetryConfig retryConfig;

  public Retrier(int attempts, Duration firstBackoff) {
    this.attempts = attempts;
    this.retryConfig =
        RetryConfig.custom()
            .maxAttempts(attempts)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(firstBackoff, 2.0, MAX_BACKOFF))
            .retryOnException(ClickHouseErrors::isRetriable)
            .build();
  }

  /**
   * Runs {@code operation}; {@code what} names it in the log, e.g. "insert 120 rows into
   * qyx.area_progress".
   */
  public <T> T run(String what, Callable<T> operation) throws Exception {
    Retry retry = Retry.of(what, retryConfig);
    retry.getEventPublisher()
        .onRetry(e -> log.warn("Retry to {}. Retry {}/{} with delay {} ms: {}", what, e.getNumberOfRetryAttempts(),
            attempts - 1, e.getWaitInterval().toMillis(), e.getLastThrowable().toString()));
    return Retry.decorateCallable(retry, operation).call();
  }
}
