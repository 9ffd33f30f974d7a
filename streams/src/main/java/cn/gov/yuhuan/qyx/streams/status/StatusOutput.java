package cn.gov.yuhuan.qyx.streams.status;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record the indicator stage writes, and where to: it never leaves the task, so it needs no
 * serde; the topology routes it to its topic.
 *
 * @param record the row or alert; null for a PROGRESS tombstone (the indicator left the catalog)
 */
public record StatusOutput(Target target, SpecificRecord record) {
  /** The indicator stage's outputs. */
  public enum Target {
    /** An area's current row. */
    AREA,
    /** The indicator's current row: all values applied, judged at the latest as-of date. */
    PROGRESS,
    /** An as-of date's evaluation: the values that count by that date. */
    HISTORY,
    /** An alert that changed. */
    ALERT
  }
}
