package cn.gov.yuhuan.qyx.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every reason code, against the real catalog of the plan. */
class ReportRulesTest {
  private static final ReferenceData PLAN = ReferenceData.of(Catalog.load(Path.of("data")));
  /** 5 July 2024, 09:00 in Yuhuan. */
  private static final Instant JULY_5 = Instant.parse("2024-07-05T01:00:00Z");

  @Test
  void shouldAcceptAGoodCountReport() {
    var result = ReportRules.check(aed(r -> {}), PLAN);

    assertThat(result.rejection()).isEmpty();
    assertThat(result.accepted()).hasValueSatisfying(a -> {
      assertThat(a.indicator().getId()).isEqualTo("health.aed_installed");
      assertThat(a.period().start()).hasToString("2024-06-01");
    });
  }

  @Test
  void shouldAcceptAGoodRatioReportForTheCity() {
    assertThat(ReportRules.check(unemployment(r -> {}), PLAN).rejection()).isEmpty();
  }

  @Test
  void shouldAcceptARetractionWithoutValue() {
    assertThat(ReportRules.check(aed(r -> {
      r.setValue(null);
      r.setRetracted(true);
      r.setRevision(2);
    }), PLAN).rejection()).isEmpty();
  }

  @Test
  void shouldRejectABlankField() {
    assertRejected(aed(r -> r.setEventId(" ")), RejectReason.MISSING_FIELD, "event_id is blank");
  }

  @Test
  void shouldRejectANoteLongerThanItsMaximumNamingTheField() {
    assertRejected(aed(r -> r.setNote("长".repeat(1001))), RejectReason.FIELD_TOO_LONG, "note has 1001 characters; at most 1000");
    assertThat(ReportRules.check(aed(r -> r.setNote("长".repeat(1000))), PLAN).rejection()).as("exactly the maximum").isEmpty();
  }

  @Test
  void shouldRejectEveryTextFieldOverItsMaximumBeforeLookingItUp() {
    assertRejected(aed(r -> r.setEventId("e".repeat(129))), RejectReason.FIELD_TOO_LONG, "event_id has 129 characters");
    assertRejected(aed(r -> r.setIndicatorId("i".repeat(65))), RejectReason.FIELD_TOO_LONG, "indicator_id");
    assertRejected(aed(r -> r.setAreaCode("A".repeat(33))), RejectReason.FIELD_TOO_LONG, "area_code");
    assertRejected(aed(r -> r.setPeriod("2024-06".repeat(3))), RejectReason.FIELD_TOO_LONG, "period");
    assertRejected(aed(r -> r.setReportingUnit("单".repeat(65))), RejectReason.FIELD_TOO_LONG, "reporting_unit");
    assertRejected(aed(r -> r.setCorrectionReason("因".repeat(501))), RejectReason.FIELD_TOO_LONG, "correction_reason");
  }

  @Test
  void shouldRejectAnIndicatorNotInTheCatalog() {
    assertRejected(aed(r -> r.setIndicatorId("health.aed")), RejectReason.UNKNOWN_INDICATOR, "'health.aed' is not in the catalog");
  }

  @Test
  void shouldRejectAnUnknownArea() {
    assertRejected(aed(r -> r.setAreaCode("TAIZHOU")), RejectReason.UNKNOWN_AREA, "'TAIZHOU'");
  }

  @Test
  void shouldRejectAnUnknownUnit() {
    assertRejected(aed(r -> r.setReportingUnit("市卫健局")), RejectReason.UNKNOWN_UNIT, "'市卫健局'");
  }

  @Test
  void shouldRejectAUnitReportingAnIndicatorItIsNotResponsibleFor() {
    assertRejected(aed(r -> r.setReportingUnit("市教育局")), RejectReason.UNIT_NOT_RESPONSIBLE, "lead unit: 市卫生健康局");
  }

  @Test
  void shouldRejectATownshipReportForACityOnlyIndicator() {
    assertRejected(unemployment(r -> r.setAreaCode("KANMEN")), RejectReason.AREA_NOT_IN_SCOPE, "CITY only");
  }

  @Test
  void shouldRejectACityReportForAnIndicatorTheTownshipsReport() {
    assertRejected(aed(r -> r.setAreaCode("CITY")), RejectReason.AREA_NOT_IN_SCOPE, "by township");
  }

  @Test
  void shouldRejectAPeriodOfTheWrongGranularity() {
    assertRejected(aed(r -> r.setPeriod("2024-Q2")), RejectReason.BAD_PERIOD, "must be a month (2024-05)");
  }

  @Test
  void shouldRejectSomethingThatIsNoPeriod() {
    assertRejected(aed(r -> r.setPeriod("六月")), RejectReason.BAD_PERIOD, "'六月'");
  }

  @Test
  void shouldRejectAPeriodOutsideThePlanYear() {
    assertRejected(aed(r -> r.setPeriod("2023-12")), RejectReason.PERIOD_OUTSIDE_PLAN, "period 2023-12 is in 2023, and health.aed_installed is only in the plans of [2024]");
  }

  @Test
  void shouldRejectAPeriodThatHadNotBegunWhenReported() {
    assertRejected(aed(r -> r.setPeriod("2024-08")), RejectReason.PERIOD_IN_FUTURE, "had not begun on 2024-07-05");
  }

  @Test
  void shouldRejectACountWithoutValue() {
    assertRejected(aed(r -> r.setValue(null)), RejectReason.MISSING_VALUE, "COUNT report needs a value");
  }

  @Test
  void shouldRejectARatioWithoutDenominator() {
    assertRejected(unemployment(r -> r.setDenominator(null)), RejectReason.MISSING_VALUE, "numerator and denominator");
  }

  @Test
  void shouldRejectANegativeCount() {
    assertRejected(aed(r -> r.setValue(new BigDecimal("-2"))), RejectReason.NEGATIVE_VALUE, "value -2 is below zero");
  }

  @Test
  void shouldRejectADecimalTooLargeForTheContract() {
    assertRejected(aed(r -> r.setValue(new BigDecimal("123456789012345"))), RejectReason.VALUE_OUT_OF_RANGE,
        "value 123456789012345 does not fit Decimal(18,4)");
  }

  @Test
  void shouldRejectADecimalWithMoreThanFourPlaces() {
    assertRejected(unemployment(r -> r.setNumerator(new BigDecimal("4.20001"))), RejectReason.VALUE_OUT_OF_RANGE, "numerator 4.20001");
  }

  @Test
  void shouldAcceptTheLargestDecimalTheContractCarries() {
    assertThat(ReportRules.check(aed(r -> r.setValue(new BigDecimal("99999999999999.9999"))), PLAN).rejection()).isEmpty();
  }

  @Test
  void shouldRejectAZeroDenominator() {
    assertRejected(unemployment(r -> {
      r.setNumerator(BigDecimal.ZERO);
      r.setDenominator(BigDecimal.ZERO);
    }), RejectReason.ZERO_DENOMINATOR, "0");
  }

  @Test
  void shouldRejectANumeratorAboveItsDenominator() {
    assertRejected(unemployment(r -> r.setNumerator(new BigDecimal("120"))), RejectReason.NUMERATOR_ABOVE_DENOMINATOR, "120 is above denominator 100");
  }

  @Test
  void shouldRejectALevelPercentageAbove100() {
    var report = report("education.vocational_campus_progress", "CITY", "2024-06", "市教育局", r -> r.setValue(new BigDecimal("140")));
    assertRejected(report, RejectReason.PERCENT_ABOVE_100, "140% is above 100%");
  }

  @Test
  void shouldRejectAMilestoneValueOtherThanDoneOrNotDone() {
    var report = report("integration.public_service_standard", "CITY", "2024-05-17", "市发改局", r -> r.setValue(new BigDecimal("0.5")));
    assertRejected(report, RejectReason.BAD_MILESTONE_VALUE, "not 0.5");
  }

  @Test
  void shouldAcceptTheStagesReachedOfAStagedDeliverableAndNothingElse() {
    // 全面推广电子劳动合同: 部署;推广;全面应用, so 0 to 3 stages.
    var second = report("employment.electronic_labour_contracts", "CITY", "2024-06-20", "市人力社保局", r -> r.setValue(new BigDecimal("2")));
    assertThat(ReportRules.check(second, PLAN).rejection()).isEmpty();
    var fourth = report("employment.electronic_labour_contracts", "CITY", "2024-06-20", "市人力社保局", r -> r.setValue(new BigDecimal("4")));
    assertRejected(fourth, RejectReason.BAD_MILESTONE_VALUE, "0 to 3 (部署, 推广, 全面应用), not 4");
    var half = report("employment.electronic_labour_contracts", "CITY", "2024-06-20", "市人力社保局", r -> r.setValue(new BigDecimal("1.5")));
    assertRejected(half, RejectReason.BAD_MILESTONE_VALUE, "not 1.5");
  }

  @Test
  void shouldAcceptAReportFromAnyJointLeadUnit() {
    // Section (八)1 names nine lead units, 清港镇 the last of them.
    var fromTownship = report("integration.elderly_child_scenes", "QINGGANG", "2024-06", "清港镇", r -> r.setValue(BigDecimal.ONE));
    assertThat(ReportRules.check(fromTownship, PLAN).rejection()).isEmpty();
    var fromOther = report("integration.elderly_child_scenes", "QINGGANG", "2024-06", "市教育局", r -> r.setValue(BigDecimal.ONE));
    assertRejected(fromOther, RejectReason.UNIT_NOT_RESPONSIBLE, "lead unit: 市公共服务优质共享行动专班办公室, 市住建局");
  }

  private static void assertRejected(ProgressReport report, RejectReason reason, String detailPart) {
    var result = ReportRules.check(report, PLAN);
    assertThat(result.accepted()).isEmpty();
    assertThat(result.rejection()).hasValueSatisfying(rejection -> {
      assertThat(rejection.reason()).isEqualTo(reason);
      assertThat(rejection.detail()).contains(detailPart);
    });
  }

  private static ProgressReport aed(Consumer<ProgressReport> change) {
    return report("health.aed_installed", "KANMEN", "2024-06", "市卫生健康局", r -> {
      r.setValue(new BigDecimal("4"));
      change.accept(r);
    });
  }

  private static ProgressReport unemployment(Consumer<ProgressReport> change) {
    return report("employment.urban_unemployment_rate", "CITY", "2024-Q2", "市人力社保局", r -> {
      r.setNumerator(new BigDecimal("4.2"));
      r.setDenominator(new BigDecimal("100"));
      change.accept(r);
    });
  }

  private static ProgressReport report(String indicator, String area, String period, String unit, Consumer<ProgressReport> change) {
    ProgressReport report = ProgressReport.newBuilder()
        .setEventId("e-1").setIndicatorId(indicator).setAreaCode(area).setPeriod(period).setReportingUnit(unit)
        .setReportedAt(JULY_5).build();
    change.accept(report);
    return report;
  }
}
