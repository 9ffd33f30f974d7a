package cn.gov.yuhuan.qyx.producers;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletionException;
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
