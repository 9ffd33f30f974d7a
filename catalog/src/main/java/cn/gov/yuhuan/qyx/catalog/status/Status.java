package cn.gov.yuhuan.qyx.catalog.status;

/** Where an indicator stands against 时序进度 on an as-of date (DESIGN §5). */
public enum Status {
  /** The target is met. */
  ACHIEVED,
  /** Behind by at most the at-risk gap (5 points of the target by default). */
  ON_TRACK,
  /** Behind by more than the at-risk gap, at most the lagging gap (15 points). */
  AT_RISK,
  /** Behind by more than the lagging gap. */
  LAGGING,
  /** An AT_MOST indicator above its ceiling. */
  BREACHED,
  /** A report due for a closed period has not arrived within its grace days. */
  OVERDUE,
  /** No report yet, and none due. */
  NO_DATA
}
