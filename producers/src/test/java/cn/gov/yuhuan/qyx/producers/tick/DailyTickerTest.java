package cn.gov.yuhuan.qyx.producers.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DailyTickerTest {
  private static final LocalDate TODAY = LocalDate.of(2024, 6, 30);

  @Test
  void shouldTickTodayWhenTheClockIsBehindOrUnset() {
    assertThat(DailyTicker.dueTick(Optional.empty(), TODAY)).contains(TODAY);
    assertThat(DailyTicker.dueTick(Optional.of(TODAY.minusDays(1)), TODAY)).contains(TODAY);
  }

  @Test
  void shouldNotTickWhenTheClockAlreadySaysTodayOrLater() {
    assertThat(DailyTicker.dueTick(Optional.of(TODAY), TODAY)).isEmpty();
    assertThat(DailyTicker.dueTick(Optional.of(TODAY.plusDays(3)), TODAY)).isEmpty(); // someone ticked ahead: the date never goes back
  }

  @Test
  void shouldWaitUntilJustAfterTheNextMidnightInYuhuan() {
    // 2024-06-30 23:00 in Yuhuan (UTC+8) is 15:00 UTC: next midnight there is 16:00 UTC, plus 5 s.
    assertThat(DailyTicker.untilNextDay(Instant.parse("2024-06-30T15:00:00Z"))).isEqualTo(Duration.ofHours(1).plusSeconds(5));
    // 00:00:05 there: a whole day to the next one.
    assertThat(DailyTicker.untilNextDay(Instant.parse("2024-06-30T16:00:05Z"))).isEqualTo(Duration.ofDays(1));
  }
}
