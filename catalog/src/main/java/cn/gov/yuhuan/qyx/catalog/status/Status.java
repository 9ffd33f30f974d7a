package cn.gov.yuhuan.qyx.catalog.status;

/**
 * Where an indicator stands against 时序进度 on an as-of date (docs/design.md §5), with the word the office
 * uses for it (the dashboard, the 晾晒通报, the DingTalk notices).
 */
public enum Status {
  /** The target is met (from the deadline on: met for the year). */
  ACHIEVED("达标"),
  /** Behind by at most the at-risk gap (5 points of the target by default). */
  ON_TRACK("正常"),
  /** Behind by more than the at-risk gap, at most the lagging gap (15 points). */
  AT_RISK("预警"),
  /** Behind by more than the lagging gap. */
  LAGGING("滞后"),
  /** A line held all year crossed before the deadline: a ceiling exceeded (以内), a floor fallen under (保持, 不低于). */
  BREACHED("超限"),
  /** A report due for a closed period has not arrived within its grace days. */
  OVERDUE("逾期未报"),
  /** No report yet, and none due. */
  NO_DATA("未报送"),
  /** 未完成: the deadline has come and the target is not met. From the deadline on an indicator is ACHIEVED or MISSED. */
  MISSED("未完成"),
  /** A monitored goal (提升, 减少; no target) moved the way the plan asks since the period before. */
  IMPROVING("向好"),
  /** A monitored goal moved by at most {@link StatusRules#FLAT_WITHIN} per cent of its earlier value, or has nothing to compare with yet. */
  FLAT("持平"),
  /** A monitored goal moved against the way the plan asks. */
  WORSENING("变差");

  private final String label;

  Status(String label) {
    this.label = label;
  }

  /** The office's word for it, e.g. 滞后. */
  public String label() {
    return label;
  }

  /** The label of a status (or alert kind) named as ClickHouse and the events carry it; an unknown name as it is. */
  public static String labelOf(String name) {
    for (Status status : values()) {
      if (status.name().equals(name)) {
        return status.label;
      }
    }
    return name;
  }
}
