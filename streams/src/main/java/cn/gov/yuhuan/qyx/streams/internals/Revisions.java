package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.events.DataValue;
import java.util.Comparator;

/**
 * Which of two reports of the same data value stands (DESIGN §3): the higher revision; between
 * equal revisions the later {@code reported_at}, then the greater {@code event_id}, so the outcome
 * never depends on arrival order and a re-sent report changes nothing.
 */
public final class Revisions {
  private static final Comparator<DataValue> PRECEDENCE =
      Comparator.comparingInt(DataValue::getRevision)
          .thenComparing(DataValue::getReportedAt)
          .thenComparing(DataValue::getEventId);

  private Revisions() {}

  /** The report that stands once both have arrived, whichever came first. */
  public static DataValue standing(DataValue current, DataValue arriving) {
    return PRECEDENCE.compare(arriving, current) > 0 ? arriving : current;
  }
}
