package cn.gov.yuhuan.qyx.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReportsTest {
  private static final Clock JULY_5 = Clock.fixed(Instant.parse("2024-07-05T01:00:00Z"), ZoneOffset.UTC);

  @Test
  void shouldBringDecimalsToTheContractScale() {
    ProgressReport report = Reports.value("health.aed_installed", "KANMEN", "2024-06", "4").reportingUnit("市卫生健康局").build();

    assertThat(report.getValue()).hasToString("4.0000");
    assertThat(report.getRevision()).isEqualTo(1);
    assertThat(report.getRetracted()).isFalse();
  }

  @Test
  void shouldDeriveTheSameEventIdForTheSameContentWhenSentAtAnotherTime() {
    ProgressReport first = aed("4").reportedAt(Instant.parse("2024-07-05T01:00:00Z")).build();
    ProgressReport again = aed("4.0").reportedAt(Instant.parse("2024-07-09T08:30:00Z")).build();

    assertThat(again.getEventId()).isEqualTo(first.getEventId()).startsWith("d-");
  }

  @Test
  void shouldDeriveAnotherEventIdWhenTheValueOrRevisionChanges() {
    String original = aed("4").build().getEventId();

    assertThat(aed("5").build().getEventId()).isNotEqualTo(original);
    assertThat(aed("4").correction(2, "核对更正").build().getEventId()).isNotEqualTo(original);
  }

  @Test
  void shouldKeepTheSendersOwnEventId() {
    assertThat(aed("4").eventId("his-2024-000187").build().getEventId()).isEqualTo("his-2024-000187");
  }

  @Test
  void shouldDateAReportWithoutReportedAtByTheClock() {
    assertThat(aed("4").clock(JULY_5).build().getReportedAt()).isEqualTo(Instant.parse("2024-07-05T01:00:00Z"));
  }

  @Test
  void shouldBuildARatioWithNumeratorAndDenominatorAndNoValue() {
    ProgressReport ratio = Reports.ratio("employment.urban_unemployment_rate", "CITY", "2024-Q2", "43", "1000")
        .reportingUnit("市人力社保局").build();

    assertThat(ratio.getValue()).isNull();
    assertThat(ratio.getNumerator()).hasToString("43.0000");
    assertThat(ratio.getDenominator()).hasToString("1000.0000");
  }

  @Test
  void shouldBuildARetractionWithItsRevisionAndReason() {
    ProgressReport retraction = Reports.retraction("health.aed_installed", "KANMEN", "2024-06", 2)
        .reportingUnit("市卫生健康局").correctionReason("重复上报").build();

    assertThat(retraction.getRetracted()).isTrue();
    assertThat(retraction.getRevision()).isEqualTo(2);
    assertThat(retraction.getValue()).isNull();
    assertThat(retraction.getCorrectionReason()).isEqualTo("重复上报");
  }

  @Test
  void shouldRefuseAReportWithoutReportingUnit() {
    assertThatThrownBy(() -> Reports.value("health.aed_installed", "KANMEN", "2024-06", "4").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reporting_unit is required");
  }

  @Test
  void shouldRefuseMoreThanFourDecimalPlaces() {
    assertThatThrownBy(() -> aed("4.00001").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 4.00001 has more than 4 decimal places");
  }

  private static Reports.Builder aed(String value) {
    return Reports.value("health.aed_installed", "KANMEN", "2024-06", value).reportingUnit("市卫生健康局");
  }
}
