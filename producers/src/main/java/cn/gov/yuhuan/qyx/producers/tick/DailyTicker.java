package cn.gov.yuhuan.qyx.producers.tick;

import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production clock ({@code ./qyx tick --daily}, which {@code QYX_TICKER=1 ./qyx up} runs): emits
 * today's date in Yuhuan at start and a few seconds after every midnight, unless the clock already
 * says today or later. Several instances ticking the same day do no harm: a tick not after the
 * current as-of date changes nothing. It is an operator's tool, not part of the streams app: ticks
 * are the operator's to write, and it logs in as the operator.
 */
public final class DailyTicker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DailyTicker.class);
  /** After midnight, so the new day is the one ticked even with a little clock skew. */
  private static final Duration AFTER_MIDNIGHT = Duration.ofSeconds(5);
  private static final Duration RETRY = Duration.ofMinutes(1);

  private final KafkaAccess kafka;
  private final String registryUrl;
  private final Clock clock;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "qyx-ticker"));

  public DailyTicker(KafkaAccess kafka, String registryUrl, Clock clock) {
    this.kafka = kafka;
    this.registryUrl = registryUrl;
    this.clock = clock;
  }

  /** Ticks now if today is not ticked yet, then every day. */
  public void start() {
    scheduler.execute(this::tickAndReschedule);
  }

  private void tickAndReschedule() {
    Duration next;
    try {
      LocalDate today = LocalDate.now(clock.withZone(ReportRules.PLAN_ZONE));
      Optional<LocalDate> latest = ClockTicks.latestAsOf(kafka, registryUrl);
      if (dueTick(latest, today).isPresent()) {
        ClockTicks.send(kafka, registryUrl, today, "ticker");
        log.info("Ticked as_of=[{}] previous=[{}]", today, latest.map(LocalDate::toString).orElse("none"));
      } else {
        log.info("Clock already at as_of=[{}]; today=[{}] not ticked", latest.orElseThrow(), today);
      }
      next = untilNextDay(clock.instant());
    } catch (Exception e) {
      log.warn("Could not tick; retrying in {} s", RETRY.toSeconds(), e);
      next = RETRY;
    }
    if (!scheduler.isShutdown()) {
      scheduler.schedule(this::tickAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Today, unless the clock already says today or later (a replay's dates are in the past, so it ticks). */
  static Optional<LocalDate> dueTick(Optional<LocalDate> latest, LocalDate today) {
    return latest.isPresent() && !today.isAfter(latest.get()) ? Optional.empty() : Optional.of(today);
  }

  /** From {@code now} to a few seconds after the next midnight in Yuhuan. */
  static Duration untilNextDay(Instant now) {
    Instant next = LocalDate.ofInstant(now, ReportRules.PLAN_ZONE).plusDays(1).atTime(LocalTime.MIDNIGHT)
        .atZone(ReportRules.PLAN_ZONE).toInstant().plus(AFTER_MIDNIGHT);
    return Duration.between(now, next);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
