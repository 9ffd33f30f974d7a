package cn.gov.yuhuan.qyx.catalog;

/**
 * Why a report was not counted. The same codes reach the sender (the producer library checks
 * before sending), the dead-letter topic ({@code qyx.reason} header) and
 * {@code qyx.rejected_events.reason}.
 */
public enum RejectReason {
  /** The bytes are not a progress report in any schema the registry knows. */
  UNDECODABLE,
  /** The bytes name a schema id the registry does not have. */
  UNKNOWN_SCHEMA,
  /** A required field (event_id, indicator_id, area_code, period, reporting_unit) is blank. */
  MISSING_FIELD,
  /** A text field is longer than its documented maximum ({@code ReportRules.MAX_LENGTHS}); the detail names the field. */
  FIELD_TOO_LONG,
  UNKNOWN_INDICATOR,
  UNKNOWN_AREA,
  UNKNOWN_UNIT,
  /** The reporting unit is neither the indicator's lead unit nor one of its other units. */
  UNIT_NOT_RESPONSIBLE,
  /**
   * The report names another unit than the one whose login sent it (the unit of the topic it came
   * in on), or reached the event log without a unit's login at all.
   */
  UNIT_NOT_SENDER,
  /** A township for a city-only indicator, or CITY for one the townships report. */
  AREA_NOT_IN_SCOPE,
  /** Not a period, or not of the granularity the indicator's cadence asks for. */
  BAD_PERIOD,
  /** The period is not within the plan year up to the indicator's deadline. */
  PERIOD_OUTSIDE_PLAN,
  /** The period had not begun when the report was made. */
  PERIOD_IN_FUTURE,
  /** No value (COUNT, LEVEL, MILESTONE) or no numerator and denominator (RATIO). */
  MISSING_VALUE,
  NEGATIVE_VALUE,
  /**
   * A decimal the contract cannot carry (Decimal(18,4): at most 14 digits before the point and 4
   * after). Java senders cannot even encode one; other clients' bytes can hold any.
   */
  VALUE_OUT_OF_RANGE,
  ZERO_DENOMINATOR,
  NUMERATOR_ABOVE_DENOMINATOR,
  /** A LEVEL in % above 100. */
  PERCENT_ABOVE_100,
  /** A MILESTONE value other than 0 (not done) or 1 (done). */
  BAD_MILESTONE_VALUE,
  /**
   * A clock tick dated more than one day after today in Yuhuan: refused whoever sent it, since the
   * clock never goes back and one tick in the future would freeze it (and the ticker) for good.
   */
  TICK_IN_FUTURE,
  /** Not the report's fault: a bug to look into. */
  PROCESSING_ERROR
}
