package cn.gov.yuhuan.qyx.producers.simulate;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.LeadUnits;
import cn.gov.yuhuan.qyx.catalog.Period;
import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.reference.AreaLevel;
import cn.gov.yuhuan.qyx.reference.AreaScope;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Records a careless or broken unit system sends: a good report with one thing wrong, each for one
 * of the reasons the pipeline dead-letters (docs/design.md §7), or bytes that are no report at all. Each is
 * a copy of a real first report, sent shortly after it, so bad records follow the traffic.
 */
final class BadRecords {
  /** Confluent wire format with a schema id no registry hands out. */
  private static final byte[] UNKNOWN_SCHEMA_PREFIX = {0, 0x7f, 0x7f, 0x7f, 0x7f};

  private final Catalog catalog;
  private final int planYear;
  private final SplittableRandom rng;
  private final Set<String> takenEventIds;

  BadRecords(Catalog catalog, int planYear, SplittableRandom rng, Set<String> goodEventIds) {
    this.catalog = catalog;
    this.planYear = planYear;
    this.rng = rng;
    this.takenEventIds = goodEventIds;
  }

  /** A bad record made from one of {@code firsts}, for a reason that applies to it. */
  Send next(List<Send.Good> firsts) {
    Send.Good template = firsts.get(rng.nextInt(firsts.size()));
    Instant at = template.sentAt().plusSeconds(rng.nextInt(60, 6 * 3600));
    IndicatorDefinition indicator = catalog.indicator(template.report().getIndicatorId(), planYear, null).orElseThrow();
    ProgressReport report = ProgressReport.newBuilder(template.report()).setReportedAt(at).setNote(null).build();
    Optional<String> future = futurePeriod(indicator, report);
    List<RejectReason> reasons = applicable(indicator, future);
    RejectReason reason = reasons.get(rng.nextInt(reasons.size()));
    String key = DataValueKey.of(report);
    return switch (reason) {
      case UNDECODABLE -> new Send.Garbled(at, key, notAvro(report), reason);
      case UNKNOWN_SCHEMA -> new Send.Garbled(at, key, unknownSchema(), reason);
      case PERIOD_IN_FUTURE -> new Send.Bad(at, withEventId(ProgressReport.newBuilder(report).setPeriod(future.orElseThrow()).build()), reason);
      default -> new Send.Bad(at, withEventId(garble(report, indicator, reason)), reason);
    };
  }

  private List<RejectReason> applicable(IndicatorDefinition indicator, Optional<String> futurePeriod) {
    List<RejectReason> reasons = new ArrayList<>(List.of(RejectReason.UNDECODABLE, RejectReason.UNKNOWN_SCHEMA,
        RejectReason.MISSING_FIELD, RejectReason.UNKNOWN_INDICATOR, RejectReason.UNKNOWN_AREA, RejectReason.UNKNOWN_UNIT,
        RejectReason.UNIT_NOT_RESPONSIBLE, RejectReason.AREA_NOT_IN_SCOPE, RejectReason.BAD_PERIOD,
        RejectReason.PERIOD_OUTSIDE_PLAN, RejectReason.MISSING_VALUE, RejectReason.NEGATIVE_VALUE));
    if (futurePeriod.isPresent()) {
      reasons.add(RejectReason.PERIOD_IN_FUTURE);
    }
    switch (indicator.getKind()) {
      case RATIO -> reasons.addAll(List.of(RejectReason.NUMERATOR_ABOVE_DENOMINATOR, RejectReason.ZERO_DENOMINATOR));
      case MILESTONE -> reasons.add(RejectReason.BAD_MILESTONE_VALUE);
      case LEVEL -> {
        if ("%".equals(indicator.getUnit())) {
          reasons.add(RejectReason.PERCENT_ABOVE_100);
        }
      }
      default -> { }
    }
    return reasons;
  }

  private ProgressReport garble(ProgressReport report, IndicatorDefinition indicator, RejectReason reason) {
    var bad = ProgressReport.newBuilder(report);
    boolean ratio = indicator.getKind() == Kind.RATIO;
    switch (reason) {
      case MISSING_FIELD -> {
        if (rng.nextBoolean()) {
          bad.setReportingUnit("");
        } else {
          bad.setAreaCode(" ");
        }
      }
      case UNKNOWN_INDICATOR -> bad.setIndicatorId(unknown(List.of(
          report.getIndicatorId().replace('.', '_'),                                   // a spreadsheet's column name
          report.getIndicatorId().substring(report.getIndicatorId().indexOf('.') + 1), // the domain left off
          report.getIndicatorId() + "_2023"),                                          // last year's id
          id -> !catalog.planYears(id).isEmpty()));
      case UNKNOWN_AREA -> bad.setAreaCode(unknown(List.of(
          catalog.area(report.getAreaCode()).orElseThrow().getName(),                  // 坎门街道 for KANMEN
          report.getAreaCode().toLowerCase(),
          "YUHUAN"),
          code -> catalog.area(code).isPresent()));
      case UNKNOWN_UNIT -> bad.setReportingUnit(unknown(List.of(
          report.getReportingUnit() + " ",                                             // a trailing space from a form
          "玉环" + report.getReportingUnit(),
          report.getReportingUnit().replaceFirst("^市", "")),
          unit -> catalog.unit(unit).isPresent()));
      case UNIT_NOT_RESPONSIBLE -> {
        List<String> others = catalog.units().stream().map(UnitDefinition::getCode)
            .filter(u -> !LeadUnits.responsible(indicator, u)).toList();
        bad.setReportingUnit(others.get(rng.nextInt(others.size())));
      }
      case AREA_NOT_IN_SCOPE -> {
        if (indicator.getAreaScope() == AreaScope.CITY) {
          List<String> townships = catalog.areas().stream().filter(a -> a.getLevel() == AreaLevel.TOWNSHIP).map(a -> a.getCode()).toList();
          bad.setAreaCode(townships.get(rng.nextInt(townships.size())));
        } else {
          bad.setAreaCode("CITY");
        }
      }
      case BAD_PERIOD -> bad.setPeriod(wrongGranularity(report.getPeriod()));
      case PERIOD_OUTSIDE_PLAN -> bad.setPeriod(lastYear(report.getPeriod()));
      case MISSING_VALUE -> {
        if (ratio) {
          bad.setNumerator(null);
        } else {
          bad.setValue(null);
        }
      }
      case NEGATIVE_VALUE -> {
        // A unit "deducting" a wrong figure by sending it negated.
        if (ratio) {
          bad.setNumerator(negated(report.getNumerator()));
        } else {
          bad.setValue(negated(report.getValue()));
        }
      }
      case NUMERATOR_ABOVE_DENOMINATOR -> {
        BigDecimal numerator = report.getNumerator();
        BigDecimal denominator = report.getDenominator();
        if (numerator.signum() > 0 && numerator.compareTo(denominator) < 0) {
          bad.setNumerator(denominator).setDenominator(numerator); // the two columns swapped
        } else {
          bad.setNumerator(denominator.add(BigDecimal.valueOf(rng.nextInt(1, 50))));
        }
      }
      case ZERO_DENOMINATOR -> bad.setNumerator(BigDecimal.ZERO).setDenominator(BigDecimal.ZERO);
      case BAD_MILESTONE_VALUE -> bad.setValue(rng.nextBoolean() ? BigDecimal.valueOf(100) : new BigDecimal("0.5"));
      case PERCENT_ABOVE_100 -> {
        BigDecimal hundredfold = report.getValue().multiply(BigDecimal.valueOf(100)); // a share typed as a percentage
        bad.setValue(hundredfold.compareTo(BigDecimal.valueOf(100)) > 0 ? hundredfold : BigDecimal.valueOf(150));
      }
      default -> throw new IllegalArgumentException("not a report's fault: " + reason);
    }
    return bad.build();
  }

  private String unknown(List<String> candidates, java.util.function.Predicate<String> known) {
    String pick = candidates.get(rng.nextInt(candidates.size()));
    if (!known.test(pick)) {
      return pick;
    }
    return candidates.stream().filter(known.negate()).findFirst().orElse("UNKNOWN");
  }

  /** The period written at another granularity, or not as a period at all. */
  private String wrongGranularity(String period) {
    Period parsed = Period.parse(period).orElseThrow();
    LocalDate start = parsed.start();
    List<String> options = switch (parsed.granularity()) {
      case MONTH -> List.of(start.getYear() + "." + start.getMonthValue(), start.getYear() + "年" + start.getMonthValue() + "月",
          start.getYear() + "-Q" + ((start.getMonthValue() + 2) / 3));
      case QUARTER -> List.of(parsed.end().toString().substring(0, 7), period.replace("-", ""));
      case YEAR -> List.of(period + "-Q4", period + "年");
      default -> List.of(period.substring(0, 7), period.replace('-', '/'));
    };
    return options.get(rng.nextInt(options.size()));
  }

  /** The same period a year earlier: an old spreadsheet row. */
  private static String lastYear(String period) {
    Period parsed = Period.parse(period).orElseThrow();
    int year = parsed.start().getYear();
    return switch (parsed.granularity()) {
      case DAY -> parsed.start().minusYears(1).toString();
      default -> (year - 1) + period.substring(4);
    };
  }

  /** A period of the indicator's granularity, within the plan, that has not begun when the report is made. */
  private Optional<String> futurePeriod(IndicatorDefinition indicator, ProgressReport report) {
    LocalDate day = YearGenerator.dayOf(report.getReportedAt());
    LocalDate candidate = switch (indicator.getCadence()) {
      case MONTHLY -> day.withDayOfMonth(1).plusMonths(1);
      case QUARTERLY -> LocalDate.of(day.getYear(), 3 * ((day.getMonthValue() - 1) / 3) + 1, 1).plusMonths(3);
      case ONCE -> day.plusDays(rng.nextInt(1, 21));
      default -> null;
    };
    if (candidate == null || candidate.getYear() != indicator.getDeadline().getYear() || candidate.isAfter(indicator.getDeadline())) {
      return Optional.empty();
    }
    return Optional.of(switch (indicator.getCadence()) {
      case MONTHLY -> candidate.toString().substring(0, 7);
      case QUARTERLY -> candidate.getYear() + "-Q" + ((candidate.getMonthValue() + 2) / 3);
      default -> candidate.toString();
    });
  }

  private BigDecimal negated(BigDecimal value) {
    return value.signum() == 0 ? BigDecimal.valueOf(-rng.nextInt(1, 10)) : value.negate();
  }

  /** The report's derived id, unless a good report has it already (a bad copy must not look like a re-send). */
  private ProgressReport withEventId(ProgressReport report) {
    String id = Reports.derivedEventId(report);
    for (int n = 2; takenEventIds.contains(id); n++) {
      id = Reports.derivedEventId(report) + "-" + n;
    }
    takenEventIds.add(id);
    report.setEventId(id);
    return report;
  }

  /** The report as JSON or CSV text: somebody's script writing to the topic without the serializer. */
  private byte[] notAvro(ProgressReport report) {
    String figure = report.getNumerator() != null
        ? report.getNumerator().stripTrailingZeros().toPlainString() + "/" + report.getDenominator().stripTrailingZeros().toPlainString()
        : report.getValue().stripTrailingZeros().toPlainString();
    String text = rng.nextBoolean()
        ? String.format("{\"indicator_id\":\"%s\",\"area_code\":\"%s\",\"period\":\"%s\",\"value\":\"%s\"}",
            report.getIndicatorId(), report.getAreaCode(), report.getPeriod(), figure)
        : String.join(",", report.getIndicatorId(), report.getAreaCode(), report.getPeriod(), figure, report.getReportingUnit());
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] unknownSchema() {
    byte[] bytes = new byte[UNKNOWN_SCHEMA_PREFIX.length + 8];
    System.arraycopy(UNKNOWN_SCHEMA_PREFIX, 0, bytes, 0, UNKNOWN_SCHEMA_PREFIX.length);
    for (int i = UNKNOWN_SCHEMA_PREFIX.length; i < bytes.length; i++) {
      bytes[i] = (byte) rng.nextInt(256);
    }
    return bytes;
  }
}
