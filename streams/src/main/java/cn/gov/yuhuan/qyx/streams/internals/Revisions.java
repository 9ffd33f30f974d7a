package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.state.PeriodValue;
import java.time.Instant;
import java.util.Comparator;

/**
 * Which of two reports of the same data value stands (docs/design.md §3): the higher revision; between
 * equal revisions the later {@code reported_at}, then the greater {@code event_id}, so the outcome
 * never depends on arrival order and a re-sent report changes nothing. The one home of this rule in
 * the app; the {@code data_values} view in ClickHouse orders by the same three columns.
 */
public final class Revisions {
  /** What decides precedence, taken from a report or from the standing period it would replace. */
  private record Rank(int revision, Instant reportedAt, String eventId) {}

  private static final Comparator<Rank> PRECEDENCE =
      Comparator.comparingInt(Rank::revision).thenComparing(Rank::reportedAt).thenComparing(Rank::eventId);

  private Revisions() {}

  /** The report that stands once both have arrived, whichever came first. */
  public static DataValue standing(DataValue current, DataValue arriving) {
    return PRECEDENCE.compare(rank(arriving), rank(current)) > 0 ? arriving : current;
  }

  /** Whether {@code arriving} replaces the report that stands for its period (a re-send does not). */
  public static boolean replaces(DataValue arriving, PeriodValue standing) {
    return PRECEDENCE.compare(rank(arriving), new Rank(standing.getRevision(), standing.getReportedAt(), standing.getEventId())) > 0;
  }

  private static Rank rank(DataValue value) {
    return new Rank(value.getRevision(), value.getReportedAt(), value.getEventId());
  }
}
