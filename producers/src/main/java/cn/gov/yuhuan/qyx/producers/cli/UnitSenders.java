package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.Rejection;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.producers.ReportSender;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Reports of several units from one command (an import, a simulated year): each goes out logged in
 * as its own unit, through a sender opened on its first report, all checked against one read of
 * the published catalog.
 */
final class UnitSenders implements AutoCloseable {
  private final StackOptions stack;
  private final ReferenceData catalog;
  private final Map<String, ReportSender> senders = new LinkedHashMap<>();

  UnitSenders(StackOptions stack) {
    this.stack = stack;
    this.catalog = stack.publishedCatalog();
  }

  /** What the pipeline would say of {@code report}: empty if it would count it. */
  Optional<Rejection> check(ProgressReport report) {
    return ReportRules.check(report, catalog).rejection();
  }

  CompletableFuture<RecordMetadata> send(ProgressReport report) {
    return send(report, null);
  }

  /** As {@link ReportSender#send(ProgressReport, Instant)}, logged in as the report's unit; fails if that unit has no login. */
  CompletableFuture<RecordMetadata> send(ProgressReport report, Instant sentAt) {
    ReportSender sender;
    try {
      sender = senders.computeIfAbsent(report.getReportingUnit(), unit -> stack.connect(unit, catalog));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return sender.send(report, sentAt);
  }

  /** Blocks until every report sent so far is acknowledged. */
  void flush() {
    senders.values().forEach(ReportSender::flush);
  }

  @Override
  public void close() {
    senders.values().forEach(ReportSender::close);
  }
}
