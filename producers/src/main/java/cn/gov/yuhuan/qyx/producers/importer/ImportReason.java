package cn.gov.yuhuan.qyx.producers.importer;

/**
 * Why the importer itself refused a file's header or a row, before the pipeline's rules could even
 * look at it. A row that reads well but breaks a rule carries the pipeline's
 * {@link cn.gov.yuhuan.qyx.catalog.RejectReason} instead, so the clerk sees the code the pipeline uses.
 */
public enum ImportReason {
  /** A header cell that names no column of the import format. */
  UNKNOWN_COLUMN,
  /** A required column is not in the header. */
  MISSING_COLUMN,
  /** Two header cells name the same column. */
  DUPLICATE_COLUMN,
  /** A filled cell in a column without a header name: its figure would be lost. */
  EXTRA_CELL,
  /** A cell that should hold a number holds something else. */
  NOT_A_NUMBER,
  /** reported_at is neither a date cell nor an ISO date or date-time. */
  NOT_A_DATE,
  /** revision is not a whole number from 1 up. */
  NOT_A_REVISION,
  /** The period cell is a date: a spreadsheet turned the text 2024-05 into one. */
  PERIOD_IS_A_DATE,
  /** Both a value and a numerator or denominator: which one counts is unclear. */
  VALUE_AND_RATIO,
  /** Neither a value nor a complete numerator and denominator. */
  NO_VALUE,
  /** Rows of the file give different figures for one data value and revision, or share an event_id. */
  CONFLICTING_ROWS,
  /** The row passed every check but the broker or registry did not take it. */
  NOT_SENT
}
