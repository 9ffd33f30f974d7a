package cn.gov.yuhuan.qyx.it;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Good reports and one bad record for every reason code a sender can cause (PROCESSING_ERROR is a
 * bug, not input). Event ids are unique, so every record counts once.
 */
final class MixedBatch {
  private static final Instant JULY_5 = Instant.parse("2024-07-05T01:00:00Z");
  private static int sequence;

  private final List<byte[]> raw = new ArrayList<>();
  private final List<ProgressReport> reports = new ArrayList<>();
  private int good;

  MixedBatch() {
    // Accepted: two counts, a ratio, a level in %, a milestone.
    accept(trails(next(), "KANMEN", "2024-07", "4"));
    accept(trails(next(), "CHUMEN", "2024-07", "2"));
    accept(report("employment.urban_unemployment_rate", "CITY", "2024-Q2", "市人力社保局", r -> {
      r.setNumerator(new BigDecimal("43"));
      r.setDenominator(new BigDecimal("1000"));
    }));
    accept(report("education.vocational_campus_progress", "CITY", "2024-06", "市教育局", r -> r.setValue(new BigDecimal("3.5"))));
    accept(report("integration.public_service_standard", "CITY", "2024-06-28", "市发改局", r -> r.setValue(BigDecimal.ONE)));

    // Rejected, one per reason.
    raw.add("这不是Avro".getBytes(StandardCharsets.UTF_8));                      // UNDECODABLE
    raw.add(new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6});                   // UNKNOWN_SCHEMA
    reports.add(trails(" ", "KANMEN", "2024-06", "1"));                            // MISSING_FIELD
    reports.add(change(trails(next(), "KANMEN", "2024-06", "1"), r -> r.setIndicatorId("health.trails")));   // UNKNOWN_INDICATOR
    reports.add(trails(next(), "TAIZHOU", "2024-06", "1"));                        // UNKNOWN_AREA
    reports.add(change(trails(next(), "KANMEN", "2024-06", "1"), r -> r.setReportingUnit("市卫健局")));   // UNKNOWN_UNIT
    reports.add(change(trails(next(), "KANMEN", "2024-06", "1"), r -> r.setReportingUnit("市教育局")));   // UNIT_NOT_RESPONSIBLE
    reports.add(trails(next(), "CITY", "2024-06", "1"));                           // AREA_NOT_IN_SCOPE
    reports.add(trails(next(), "KANMEN", "2024-Q2", "1"));                         // BAD_PERIOD
    reports.add(trails(next(), "KANMEN", "2023-12", "1"));                         // PERIOD_OUTSIDE_PLAN
    reports.add(trails(next(), "KANMEN", "2024-09", "1"));                         // PERIOD_IN_FUTURE
    reports.add(change(trails(next(), "KANMEN", "2024-06", "1"), r -> r.setValue(null)));   // MISSING_VALUE
    reports.add(trails(next(), "KANMEN", "2024-05", "-5"));                        // NEGATIVE_VALUE
    reports.add(report("employment.urban_unemployment_rate", "CITY", "2024-Q2", "市人力社保局", r -> {
      r.setNumerator(BigDecimal.ZERO);
      r.setDenominator(BigDecimal.ZERO);
    }));                                                                        // ZERO_DENOMINATOR
    reports.add(report("employment.urban_unemployment_rate", "CITY", "2024-Q1", "市人力社保局", r -> {
      r.setNumerator(new BigDecimal("1200"));
      r.setDenominator(new BigDecimal("1000"));
    }));                                                                        // NUMERATOR_ABOVE_DENOMINATOR
    reports.add(report("education.vocational_campus_progress", "CITY", "2024-05", "市教育局",
        r -> r.setValue(new BigDecimal("140"))));                               // PERCENT_ABOVE_100
    reports.add(report("integration.public_service_standard", "CITY", "2024-06-27", "市发改局",
        r -> r.setValue(new BigDecimal("0.5"))));                               // BAD_MILESTONE_VALUE
  }

  List<byte[]> rawRecords() {
    return raw;
  }

  List<ProgressReport> reports() {
    return reports;
  }

  long received() {
    return raw.size() + reports.size();
  }

  long expectedAccepted() {
    return good;
  }

  Set<String> expectedReasons() {
    Set<String> reasons = new java.util.TreeSet<>();
    EnumSet.complementOf(EnumSet.of(RejectReason.PROCESSING_ERROR)).forEach(r -> reasons.add(r.name()));
    return reasons;
  }

  private void accept(ProgressReport report) {
    reports.add(report);
    good++;
  }

  private static String next() {
    return "mixed-" + (++sequence);
  }

  /** A COUNT the demo batch does not report, so the demo's totals stay as they are. */
  static ProgressReport trails(String eventId, String area, String period, String value) {
    ProgressReport report = report("health.fitness_trails", area, period, "市卫生健康局", r -> r.setValue(new BigDecimal(value)));
    report.setEventId(eventId);
    return report;
  }

  private static ProgressReport change(ProgressReport report, Consumer<ProgressReport> change) {
    change.accept(report);
    return report;
  }

  private static ProgressReport report(String indicator, String area, String period, String unit, Consumer<ProgressReport> values) {
    ProgressReport report = ProgressReport.newBuilder()
        .setEventId(next()).setIndicatorId(indicator).setAreaCode(area).setPeriod(period).setReportingUnit(unit)
        .setReportedAt(JULY_5).build();
    values.accept(report);
    return report;
  }
}
