package cn.gov.yuhuan.qyx.catalog.status;

/** Where an indicator stands against 时序进度 on an as-of date (DESIGN §5). */
public enum Status {
  /** The target is met (from the deadline on: met for the year). */
  ACHIEVED,
  /** Behind by at most the at-risk gap (5 points of the target by default). */
  ON_TRACK,
  /** Behind by more than the at-risk gap, at most the lagging gap (15 points). */
  AT_RISK,
  /** Behind by more than the lagging gap. */
  LAGGING,
  /** A ceiling (AT_MOST) exceeded before the deadline. */
  BREACHED,
  /** A report due for a closed period has not arrived within its grace days. */
  OVERDUE,
  /** No report yet, and none due. */
  NO_DATA,
  /** 未完成: the deadline has come and the target is not met. From the deadline on an indicator is ACHIEVED or MISSED. */
  MISSED
}
