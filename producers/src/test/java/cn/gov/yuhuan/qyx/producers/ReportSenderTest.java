package cn.gov.yuhuan.qyx.producers;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.schemas.Endpoints;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checks before sending; nothing here reaches a broker (none listens on port 1). */
class ReportSenderTest {
  private static final ReferenceData PLAN = ReferenceData.of(Catalog.load(Path.of("../catalog/data")));
  private static final Instant JULY_5 = Instant.parse("2024-07-05T01:00:00Z");

  private final ReportSender sender = ReportSender.connect(KafkaAccess.plaintext("127.0.0.1:1"), "http://127.0.0.1:1/apis/registry/v3", PLAN);

  @AfterEach
  void close() {
    sender.close();
  }

  @Test
  void shouldFindNothingWrongWithAReportThePipelineWouldCount() {
    assertThat(sender.check(Reports.value("health.aed_installed", "KANMEN", "2024-06", "4")
        .reportingUnit("市卫生健康局").reportedAt(JULY_5).build())).isEmpty();
  }

  @Test
  void shouldGiveThePipelinesReasonForAReportItWouldReject() {
    var rejection = sender.check(Reports.value("health.aed_installed", "KANMEN", "2024-06", "4")
        .reportingUnit("市教育局").reportedAt(JULY_5).build());

    assertThat(rejection).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(RejectReason.UNIT_NOT_RESPONSIBLE));
  }

  @Test
  void shouldRefuseAReportOfAnotherUnitThanTheLoginsBeforeTheBrokerWould() {
    var login = KafkaAccess.from(new AbstractConfig(Endpoints.define(new ConfigDef()), Map.of(Endpoints.BOOTSTRAP_SERVERS, "127.0.0.1:1",
        Endpoints.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1", Endpoints.SECURITY_PROTOCOL, "SASL_PLAINTEXT",
        Endpoints.SASL_MECHANISM, "SCRAM-SHA-512", Endpoints.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"unit-education\" password=\"p\";"), false));
    try (var education = ReportSender.connect(login, "http://127.0.0.1:1/apis/registry/v3", PLAN)) {
      var healths = Reports.value("health.aed_installed", "KANMEN", "2024-06", "4").reportingUnit("市卫生健康局").reportedAt(JULY_5).build();

      assertThat(education.check(healths)).hasValueSatisfying(r -> {
        assertThat(r.reason()).isEqualTo(RejectReason.UNIT_NOT_SENDER);
        assertThat(r.detail()).contains("unit-education", "市卫生健康局");
      });
      assertThat(sender.check(healths)).as("a login that is no unit's (the operator's tools) may send any unit's").isEmpty();
    }
  }

  @Test
  void shouldFailTheSendOfARejectedReportWithTheReasonAndSendNothing() {
    var future = sender.send(Reports.ratio("employment.urban_unemployment_rate", "CITY", "2024-Q2", "1200", "1000")
        .reportingUnit("市人力社保局").eventId("his-1").reportedAt(JULY_5).build());

    assertThat(future).isCompletedExceptionally();
    assertThat(future.handle((ok, error) -> error).join()).isInstanceOfSatisfying(ReportRejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(RejectReason.NUMERATOR_ABOVE_DENOMINATOR);
      assertThat(e.getMessage()).contains("numerator 1200 is above denominator 1000", "event_id his-1");
    });
  }

  @Test
  void shouldCheckAValueGivenAtAnotherScaleAsTheSchemaWillCarryIt() {
    var report = Reports.value("health.aed_installed", "KANMEN", "2024-06", "4").reportingUnit("市卫生健康局").reportedAt(JULY_5).build();
    report.setValue(new java.math.BigDecimal("-4"));   // set past the builder, at scale 0

    var error = sender.send(report).handle((ok, e) -> e).join();
    assertThat(error).isInstanceOf(ReportRejectedException.class);
    assertThat(((ReportRejectedException) error).reason()).isEqualTo(RejectReason.NEGATIVE_VALUE);
    assertThat(error).isNotInstanceOf(CompletionException.class);
  }
}
