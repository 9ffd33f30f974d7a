package cn.gov.yuhuan.qyx.producers;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Typed construction of progress reports, so a unit system states what it means and gets the
 * details right: decimals at the contract's scale, a revision, a reporting time, and an event id
 * derived from the content when the system has none of its own.
 *
 * <pre>{@code
 * ProgressReport aed = Reports.value("health.aed_installed", "KANMEN", "2024-05", "4")
 *     .reportingUnit("市卫生健康局").build();
 * ProgressReport unemployment = Reports.ratio("employment.urban_unemployment_rate", "CITY", "2024-Q2", "43", "1000")
 *     .reportingUnit("市人力社保局").build();
 * ProgressReport withdrawn = Reports.retraction("health.aed_installed", "KANMEN", "2024-05", 2)
 *     .reportingUnit("市卫生健康局").correctionReason("重复上报").build();
 * }</pre>
 */
public final class Reports {
  private Reports() {}

  /** A COUNT, LEVEL or MILESTONE report (a milestone's value is 1 when done). */
  public static Builder value(String indicatorId, String areaCode, String period, String value) {
    return value(indicatorId, areaCode, period, new BigDecimal(value));
  }

  public static Builder value(String indicatorId, String areaCode, String period, BigDecimal value) {
    return new Builder(indicatorId, areaCode, period).value(value);
  }

  /** A RATIO report: numerator and denominator, never a percentage worked out by hand. */
  public static Builder ratio(String indicatorId, String areaCode, String period, String numerator, String denominator) {
    return new Builder(indicatorId, areaCode, period).ratio(new BigDecimal(numerator), new BigDecimal(denominator));
  }

  /** Withdraws the value of a data value; {@code revision} must be above the one it withdraws. */
  public static Builder retraction(String indicatorId, String areaCode, String period, int revision) {
    Builder builder = new Builder(indicatorId, areaCode, period);
    builder.retracted = true;
    builder.revision = revision;
    return builder;
  }

  /**
   * An event id derived from what the report states, so sending the same report twice (a re-run
   * job, a re-imported spreadsheet) changes nothing. The reporting time is left out on purpose.
   */
  public static String derivedEventId(ProgressReport r) {
    String content = String.join("\u001f", r.getIndicatorId(), r.getAreaCode(), r.getPeriod(), r.getReportingUnit(),
        String.valueOf(r.getRevision()), String.valueOf(r.getRetracted()), plain(r.getValue()), plain(r.getNumerator()),
        plain(r.getDenominator()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return "d-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * A copy of {@code report} with its decimals at the scale of the schema (Avro refuses any other),
   * so 4 and 4.0 both send.
   *
   * @throws IllegalArgumentException if a decimal has more than four places
   */
  public static ProgressReport withContractScale(ProgressReport report) {
    return ProgressReport.newBuilder(report)
        .setValue(Decimals.atScale("value", report.getValue()))
        .setNumerator(Decimals.atScale("numerator", report.getNumerator()))
        .setDenominator(Decimals.atScale("denominator", report.getDenominator()))
        .build();
  }

  private static String plain(BigDecimal value) {
    return value == null ? "" : value.stripTrailingZeros().toPlainString();
  }

  /** A report under construction. */
  public static final class Builder {
    private final String indicatorId;
    private final String areaCode;
    private final String period;
    private BigDecimal value;
    private BigDecimal numerator;
    private BigDecimal denominator;
    private String reportingUnit;
    private int revision = 1;
    private String correctionReason;
    private boolean retracted;
    private Instant reportedAt;
    private String eventId;
    private String note;
    private Clock clock = Clock.systemUTC();

    private Builder(String indicatorId, String areaCode, String period) {
      this.indicatorId = Objects.requireNonNull(indicatorId, "indicatorId");
      this.areaCode = Objects.requireNonNull(areaCode, "areaCode");
      this.period = Objects.requireNonNull(period, "period");
    }

    private Builder value(BigDecimal value) {
      this.value = Objects.requireNonNull(value, "value");
      return this;
    }

    private Builder ratio(BigDecimal numerator, BigDecimal denominator) {
      this.numerator = Objects.requireNonNull(numerator, "numerator");
      this.denominator = Objects.requireNonNull(denominator, "denominator");
      return this;
    }

    /** The unit's code as the catalog prints it in lead_unit, e.g. 市卫生健康局. Required. */
    public Builder reportingUnit(String unit) {
      this.reportingUnit = unit;
      return this;
    }

    /** A correction: a revision above the one it replaces, and why. */
    public Builder correction(int revision, String reason) {
      this.revision = revision;
      this.correctionReason = reason;
      return this;
    }

    /** Why a retraction withdraws the value. */
    public Builder correctionReason(String reason) {
      this.correctionReason = reason;
      return this;
    }

    /** When the unit made the report; defaults to now. */
    public Builder reportedAt(Instant at) {
      this.reportedAt = at;
      return this;
    }

    /** The unit system's own id for the report; derived from the content when not given. */
    public Builder eventId(String id) {
      this.eventId = id;
      return this;
    }

    public Builder note(String note) {
      this.note = note;
      return this;
    }

    /** The clock that dates a report without {@link #reportedAt}; for tests. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The report. Checks nothing against the catalog (the sender does).
     *
     * @throws IllegalArgumentException if there is no reporting unit or a decimal has more than 4 places
     */
    public ProgressReport build() {
      if (reportingUnit == null || reportingUnit.isBlank()) {
        throw new IllegalArgumentException("reporting_unit is required: the unit's code as the catalog prints it");
      }
      ProgressReport report = ProgressReport.newBuilder()
          .setEventId("")
          .setIndicatorId(indicatorId)
          .setAreaCode(areaCode)
          .setPeriod(period)
          .setReportingUnit(reportingUnit)
          .setValue(Decimals.atScale("value", value))
          .setNumerator(Decimals.atScale("numerator", numerator))
          .setDenominator(Decimals.atScale("denominator", denominator))
          .setRevision(revision)
          .setCorrectionReason(correctionReason)
          .setRetracted(retracted)
          .setReportedAt(reportedAt != null ? reportedAt : clock.instant())
          .setNote(note)
          .build();
      report.setEventId(eventId != null && !eventId.isBlank() ? eventId : derivedEventId(report));
      return report;
    }
  }
}
