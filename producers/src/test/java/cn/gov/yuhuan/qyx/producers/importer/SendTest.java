package cn.gov.yuhuan.qyx.producers.importer;

import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.HEADER;
import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.check;
import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second pass: only the rows that passed go out, and each one's answer is awaited. */
class SendTest {
  /** Acknowledges a little later on another thread, as a broker does. */
  private static final Executor LATER = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

  @TempDir Path dir;

  @Test
  void shouldSendOnlyTheRowsThatPassedAndWaitForEveryAcknowledgement() throws Exception {
    CheckedFile checked = check(csv(dir, "mixed.csv", HEADER,
        "health.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,,,,",
        "health.aed_installed,LUPU,2024-05,x,,,市卫生健康局,,,,",
        "health.aed_installed,SHAMEN,2024-05,2,,,市卫生健康局,,,,"));
    List<ProgressReport> acknowledged = new CopyOnWriteArrayList<>();
    AtomicInteger answered = new AtomicInteger();
    ReportSink broker = report -> CompletableFuture.runAsync(() -> acknowledged.add(report), LATER);

    SendResult result = ImportFixtures.importer().send(checked, broker, progress(answered));

    assertThat(result.sent()).isEqualTo(2);
    assertThat(result.errors()).isEmpty();
    assertThat(acknowledged).extracting(ProgressReport::getAreaCode).containsExactlyInAnyOrder("KANMEN", "SHAMEN");
    assertThat(answered).hasValue(2);
  }

  @Test
  void shouldReportARowTheBrokerDidNotTakeAndStillSendTheOthers() throws Exception {
    CheckedFile checked = check(csv(dir, "two.csv", HEADER,
        "health.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,,,,",
        "health.aed_installed,SHAMEN,2024-05,2,,,市卫生健康局,,,,"));
    ReportSink broker = report -> report.getAreaCode().equals("KANMEN")
        ? CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s) after 120000 ms"))
        : CompletableFuture.completedFuture(null);

    SendResult result = ImportFixtures.importer().send(checked, broker, SendProgress.NONE);

    assertThat(result.sent()).isEqualTo(1);
    assertThat(result.errors()).extracting(RowError::row, RowError::reason).containsExactly(tuple(2L, "NOT_SENT"));
    assertThat(result.errors().get(0).detail()).contains("Expiring 1 record(s)");
  }

  private static SendProgress progress(AtomicInteger answered) {
    return new SendProgress() {
      @Override
      public void done() {
        answered.incrementAndGet();
      }

      @Override
      public void close() {}
    };
  }
}
