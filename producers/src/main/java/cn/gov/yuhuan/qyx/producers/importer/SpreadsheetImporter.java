package cn.gov.yuhuan.qyx.producers.importer;

import cn.gov.yuhuan.qyx.catalog.Rejection;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.producers.ReportRejectedException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Imports a spreadsheet of progress reports in two passes, as {@code ./qyx import} does: every row is
 * read and checked first, so the clerk sees all that is wrong at once; then the rows that passed
 * are sent, and each waits for its acknowledgement.
 *
 * <pre>{@code
 * SheetFile sheet = SpreadsheetImporter.read(Path.of("五月.xlsx"));       // UnreadableFileException: exit 2
 * try (var sender = ReportSender.connect(Path.of("health.properties"))) {
 *   var importer = new SpreadsheetImporter(sender::check, Clock.systemUTC());
 *   CheckedFile checked = importer.check(sheet);                           // print checked.errors()
 *   SendResult sent = importer.send(checked, sender::send, SendProgress.NONE);
 * }
 * }</pre>
 *
 * <p>A row without an event_id gets one derived from its content, so importing the same file again
 * sends the same events, which change nothing.
 */
public final class SpreadsheetImporter {
  private final ReportCheck rules;
  private final Clock clock;

  /**
   * @param rules the pipeline's rules, e.g. {@code ReportSender::check}
   * @param clock dates the rows that have no reported_at
   */
  public SpreadsheetImporter(ReportCheck rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * Reads a .csv or .xlsx file and its header.
   *
   * @throws UnreadableFileException if the file is missing, of another format, damaged, or its
   *     header is not the import's
   */
  public static SheetFile read(Path file) throws UnreadableFileException {
    return SheetFiles.read(file);
  }

  /** Checks every row; sends nothing. */
  public CheckedFile check(SheetFile sheet) {
    Instant now = clock.instant(); // one reporting time for the rows of one import
    List<RowError> errors = new ArrayList<>();
    List<ReadyRow> passed = new ArrayList<>();
    for (SheetRow row : sheet.rows()) {
      RowParser.Parsed parsed = RowParser.parse(row, now);
      if (parsed.report().isEmpty()) {
        errors.addAll(parsed.errors());
        continue;
      }
      ProgressReport report = parsed.report().get();
      Optional<Rejection> rejection = rules.check(report);
      if (rejection.isPresent()) {
        errors.add(ruleError(sheet.file(), row.number(), rejection.get(), report));
      } else {
        passed.add(new ReadyRow(row.number(), report));
      }
    }
    DuplicateRows.Sorted sorted = DuplicateRows.sort(sheet.file(), passed);
    errors.addAll(sorted.errors());
    return new CheckedFile(sheet.file(), sheet.rows().size(), sorted.kept(), errors, sorted.duplicates());
  }

  /**
   * Sends the rows that passed and waits until each is acknowledged or has failed. A row the broker
   * or the registry does not take is an error of the result, not an exception: the others still go.
   */
  public SendResult send(CheckedFile checked, ReportSink sink, SendProgress progress) {
    List<CompletableFuture<?>> answers = new ArrayList<>();
    for (ReadyRow row : checked.ready()) {
      CompletableFuture<?> answer;
      try {
        answer = sink.send(row.report());
      } catch (RuntimeException e) { // a producer may refuse at once, e.g. when the registry is down
        answer = CompletableFuture.failedFuture(e);
      }
      answers.add(answer.whenComplete((ok, error) -> progress.done()));
    }
    int sent = 0;
    List<RowError> errors = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      ReadyRow row = checked.ready().get(i);
      try {
        answers.get(i).join();
        sent++;
      } catch (CompletionException e) {
        errors.add(sendError(checked.file(), row, e.getCause() != null ? e.getCause() : e));
      }
    }
    return new SendResult(sent, errors);
  }

  private static RowError ruleError(String file, long row, Rejection rejection, ProgressReport report) {
    return RowError.of(file, row, RejectionFields.field(rejection.reason(), rejection.detail(), report), rejection.reason(), rejection.detail());
  }

  private static RowError sendError(String file, ReadyRow row, Throwable error) {
    if (error instanceof ReportRejectedException rejected) { // the published catalog changed since the check
      return ruleError(file, row.row(), new Rejection(rejected.reason(), rejected.detail()), row.report());
    }
    return RowError.of(file, row.row(), "", ImportReason.NOT_SENT, error.getClass().getSimpleName() + ": " + error.getMessage());
  }
}
