package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.AreaLevel;
import cn.gov.yuhuan.qyx.reference.AreaScope;
import cn.gov.yuhuan.qyx.reference.Cadence;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The checks a progress report must pass to be counted (docs/design.md §7), in one place for the producer
 * library and the streams app. The first failed check is the reason.
 */
public final class ReportRules {
  /** Reports are dated in Yuhuan's time zone. */
  public static final ZoneId PLAN_ZONE = ClockTicks.PLAN_ZONE;

  /** The period a report must use for each cadence. */
  private static final Map<Cadence, Period.Granularity> GRANULARITY = Map.of(
      Cadence.MONTHLY, Period.Granularity.MONTH,
      Cadence.QUARTERLY, Period.Granularity.QUARTER,
      Cadence.ANNUAL, Period.Granularity.YEAR,
      Cadence.ONCE, Period.Granularity.DAY);

  private static final String PERCENT = "%";

  /**
   * The longest each text field of a report may be, in characters. A report is one data value: no
   * field needs more, and without a limit one report could outgrow a state record or a Kafka record.
   */
  public static final Map<String, Integer> MAX_LENGTHS = orderedMap(
      "event_id", 128, "indicator_id", 64, "area_code", 32, "period", 16, "reporting_unit", 64,
      "correction_reason", 500, "note", 1000);

  private ReportRules() {}

  /** A report that passed, with what aggregation needs from its indicator. */
  public record Accepted(ProgressReport report, IndicatorDefinition indicator, Period period) {}

  /**
   * Checks {@code report} against the latest edition of its plan in {@code reference}, as a unit
   * system does before it sends; either the rejection or what was accepted.
   */
  public static Result check(ProgressReport report, ReferenceData reference) {
    return check(report, reference, null);
  }

  /**
   * Checks {@code report} against the edition of its plan that judges {@code asOf}, the as-of date
   * it counts from (null: the latest edition). A report belongs to the plan of its period's year.
   */
  public static Result check(ProgressReport report, ReferenceData reference, LocalDate asOf) {
    return new Checker(report, reference, asOf).run();
  }

  /** Exactly one of {@code accepted} and {@code rejection} is present. */
  public record Result(Optional<Accepted> accepted, Optional<Rejection> rejection) {
    static Result reject(RejectReason reason, String detail) {
      return new Result(Optional.empty(), Optional.of(new Rejection(reason, detail)));
    }
  }

  /** Beyond Decimal(18,4), the scale of every decimal in the contracts and in ClickHouse. */
  static boolean outOfRange(BigDecimal value) {
    BigDecimal plain = value.stripTrailingZeros();
    return plain.scale() > Decimals.SCALE || plain.precision() - plain.scale() > 18 - Decimals.SCALE;
  }

  private static Map<String, Integer> orderedMap(Object... keysAndValues) {
    var map = new java.util.LinkedHashMap<String, Integer>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (Integer) keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  private static final class Checker {
    private final ProgressReport r;
    private final ReferenceData reference;
    private final LocalDate asOf;

    Checker(ProgressReport report, ReferenceData reference, LocalDate asOf) {
      this.r = report;
      this.reference = reference;
      this.asOf = asOf;
    }

    Result run() {
      for (var field : java.util.List.of(Map.entry("event_id", r.getEventId()), Map.entry("indicator_id", r.getIndicatorId()),
          Map.entry("area_code", r.getAreaCode()), Map.entry("period", r.getPeriod()), Map.entry("reporting_unit", r.getReportingUnit()))) {
        if (field.getValue() == null || field.getValue().isBlank()) {
          return Result.reject(RejectReason.MISSING_FIELD, field.getKey() + " is blank");
        }
      }
      for (var field : java.util.List.of(Map.entry("event_id", r.getEventId()), Map.entry("indicator_id", r.getIndicatorId()),
          Map.entry("area_code", r.getAreaCode()), Map.entry("period", r.getPeriod()), Map.entry("reporting_unit", r.getReportingUnit()),
          Map.entry("correction_reason", Optional.ofNullable(r.getCorrectionReason()).orElse("")),
          Map.entry("note", Optional.ofNullable(r.getNote()).orElse("")))) {
        int max = MAX_LENGTHS.get(field.getKey());
        if (field.getValue().length() > max) {
          return Result.reject(RejectReason.FIELD_TOO_LONG, field.getKey() + " has " + field.getValue().length()
              + " characters; at most " + max + " are allowed");
        }
      }
      // The plan is the one of the period's year; an unreadable period is judged by the latest plan's
      // edition, which names the form it wants.
      Optional<Period> parsed = Period.parse(r.getPeriod());
      Optional<IndicatorDefinition> found = parsed.flatMap(p -> reference.indicator(r.getIndicatorId(), p.start().getYear(), asOf));
      if (found.isEmpty()) {
        SortedSet<Integer> years = reference.planYears(r.getIndicatorId());
        if (years.isEmpty()) {
          return Result.reject(RejectReason.UNKNOWN_INDICATOR, "indicator_id '" + r.getIndicatorId() + "' is not in the catalog");
        }
        if (parsed.isPresent()) {
          return Result.reject(RejectReason.PERIOD_OUTSIDE_PLAN, "period " + r.getPeriod() + " is in " + parsed.get().start().getYear()
              + ", and " + r.getIndicatorId() + " is only in the plans of " + years);
        }
        found = reference.indicator(r.getIndicatorId(), years.last(), asOf);
      }
      IndicatorDefinition indicator = found.orElseThrow();
      Optional<AreaDefinition> area = reference.area(r.getAreaCode());
      if (area.isEmpty()) {
        return Result.reject(RejectReason.UNKNOWN_AREA, "area_code '" + r.getAreaCode() + "' is not CITY or a township code");
      }
      if (reference.unit(r.getReportingUnit()).isEmpty()) {
        return Result.reject(RejectReason.UNKNOWN_UNIT, "reporting_unit '" + r.getReportingUnit() + "' is not in the catalog");
      }
      if (!LeadUnits.responsible(indicator, r.getReportingUnit())) {
        return Result.reject(RejectReason.UNIT_NOT_RESPONSIBLE, r.getReportingUnit() + " is not responsible for " + indicator.getId()
            + " (lead unit: " + String.join(", ", LeadUnits.of(indicator)) + ")");
      }
      boolean cityArea = area.get().getLevel() == AreaLevel.CITY;
      if (indicator.getAreaScope() == AreaScope.CITY && !cityArea) {
        return Result.reject(RejectReason.AREA_NOT_IN_SCOPE, indicator.getId() + " is reported for CITY only, not " + r.getAreaCode());
      }
      if (indicator.getAreaScope() == AreaScope.TOWNSHIP && cityArea) {
        return Result.reject(RejectReason.AREA_NOT_IN_SCOPE, indicator.getId() + " is reported by township; the city is their total");
      }
      Period.Granularity wanted = GRANULARITY.get(indicator.getCadence());
      if (parsed.isEmpty() || parsed.get().granularity() != wanted) {
        return Result.reject(RejectReason.BAD_PERIOD, "period '" + r.getPeriod() + "' must be a " + wanted.name().toLowerCase()
            + " (" + example(wanted) + ") for " + indicator.getId());
      }
      Period period = parsed.get();
      LocalDate planStart = Catalog.planStart(PlanYears.of(indicator));
      if (period.start().isBefore(planStart) || period.end().isAfter(indicator.getDeadline())) {
        return Result.reject(RejectReason.PERIOD_OUTSIDE_PLAN, "period " + r.getPeriod() + " is outside " + planStart + ".." + indicator.getDeadline());
      }
      LocalDate reportedOn = r.getReportedAt().atZone(PLAN_ZONE).toLocalDate();
      if (period.start().isAfter(reportedOn)) {
        return Result.reject(RejectReason.PERIOD_IN_FUTURE, "period " + r.getPeriod() + " had not begun on " + reportedOn + ", when it was reported");
      }
      for (var decimal : java.util.List.of(Map.entry("value", Optional.ofNullable(r.getValue())),
          Map.entry("numerator", Optional.ofNullable(r.getNumerator())), Map.entry("denominator", Optional.ofNullable(r.getDenominator())))) {
        if (decimal.getValue().filter(ReportRules::outOfRange).isPresent()) {
          return Result.reject(RejectReason.VALUE_OUT_OF_RANGE, decimal.getKey() + " " + decimal.getValue().get().toPlainString()
              + " does not fit Decimal(18,4): at most 14 digits before the point and 4 after");
        }
      }
      if (!r.getRetracted()) {
        Optional<Rejection> bad = indicator.getKind() == Kind.RATIO ? checkRatio() : checkValue(indicator);
        if (bad.isPresent()) {
          return new Result(Optional.empty(), bad);
        }
      }
      return new Result(Optional.of(new Accepted(r, indicator, period)), Optional.empty());
    }

    private Optional<Rejection> checkRatio() {
      BigDecimal numerator = r.getNumerator();
      BigDecimal denominator = r.getDenominator();
      if (numerator == null || denominator == null) {
        return reject(RejectReason.MISSING_VALUE, "a RATIO report needs numerator and denominator");
      }
      if (numerator.signum() < 0 || denominator.signum() < 0) {
        return reject(RejectReason.NEGATIVE_VALUE, "numerator " + plain(numerator) + " / denominator " + plain(denominator) + " is negative");
      }
      if (denominator.signum() == 0) {
        return reject(RejectReason.ZERO_DENOMINATOR, "denominator is 0");
      }
      if (numerator.compareTo(denominator) > 0) {
        return reject(RejectReason.NUMERATOR_ABOVE_DENOMINATOR, "numerator " + plain(numerator) + " is above denominator " + plain(denominator));
      }
      return Optional.empty();
    }

    private Optional<Rejection> checkValue(IndicatorDefinition indicator) {
      BigDecimal value = r.getValue();
      if (value == null) {
        return reject(RejectReason.MISSING_VALUE, "a " + indicator.getKind() + " report needs a value");
      }
      if (value.signum() < 0) {
        return reject(RejectReason.NEGATIVE_VALUE, "value " + plain(value) + " is below zero");
      }
      if (indicator.getKind() == Kind.MILESTONE && indicator.getStages().isEmpty()
          && value.compareTo(BigDecimal.ZERO) != 0 && value.compareTo(BigDecimal.ONE) != 0) {
        return reject(RejectReason.BAD_MILESTONE_VALUE, "a MILESTONE value is 1 (done) or 0 (not done), not " + plain(value));
      }
      if (indicator.getKind() == Kind.MILESTONE && !indicator.getStages().isEmpty()
          && (value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.valueOf(indicator.getStages().size())) > 0)) {
        return reject(RejectReason.BAD_MILESTONE_VALUE, "a staged MILESTONE value is the number of stages reached, 0 to "
            + indicator.getStages().size() + " (" + String.join(", ", indicator.getStages()) + "), not " + plain(value));
      }
      if (indicator.getKind() == Kind.LEVEL && PERCENT.equals(indicator.getUnit()) && value.compareTo(BigDecimal.valueOf(100)) > 0) {
        return reject(RejectReason.PERCENT_ABOVE_100, "value " + plain(value) + "% is above 100%");
      }
      return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectReason reason, String detail) {
      return Optional.of(new Rejection(reason, detail));
    }

    private static String plain(BigDecimal value) {
      return value.stripTrailingZeros().toPlainString();
    }

    private static String example(Period.Granularity granularity) {
      return switch (granularity) {
        case YEAR -> "2024";
        case QUARTER -> "2024-Q2";
        case MONTH -> "2024-05";
        case WEEK -> "2024-W23";
        case DAY -> "2024-05-17";
      };
    }
  }
}
