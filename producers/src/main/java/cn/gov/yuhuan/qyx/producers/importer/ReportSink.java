package cn.gov.yuhuan.qyx.producers.importer;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.util.concurrent.CompletableFuture;

/**
 * Where checked reports go: {@code ReportSender::send}. The future completes when the report is
 * acknowledged, or fails with why it was not.
 */
@FunctionalInterface
public interface ReportSink {
  CompletableFuture<?> send(ProgressReport report);
}
