package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.producers.importer.CheckedFile;
import cn.gov.yuhuan.qyx.producers.importer.Duplicate;
import cn.gov.yuhuan.qyx.producers.importer.ErrorReport;
import cn.gov.yuhuan.qyx.producers.importer.ReportCheck;
import cn.gov.yuhuan.qyx.producers.importer.RowError;
import cn.gov.yuhuan.qyx.producers.importer.SendProgress;
import cn.gov.yuhuan.qyx.producers.importer.SendResult;
import cn.gov.yuhuan.qyx.producers.importer.SheetFile;
import cn.gov.yuhuan.qyx.producers.importer.SpreadsheetImporter;
import cn.gov.yuhuan.qyx.producers.importer.UnreadableFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./qyx import FILE}: a clerk's spreadsheet of figures, checked row by row, then sent.
 * Exit codes: {@value #ALL_SENT} every row was sent (or, with --dry-run, passed),
 * {@value #SOME_FAILED} some row failed, {@value #UNREADABLE} the file could not be read at all.
 */
@Command(name = "import", sortOptions = false,
    description = {"Imports progress reports from a .csv (UTF-8) or .xlsx file with the header",
        "indicator_id,area_code,period,value,numerator,denominator,reporting_unit,reported_at,event_id,revision,note",
        "(required: indicator_id, area_code, period, reporting_unit, and value or numerator and denominator).",
        "Checks every row first and prints what is wrong with each; then sends the rows that passed.",
        "Exit code: 0 every row sent, 1 some row failed, 2 the file cannot be read."})
final class ImportCommand implements Callable<Integer> {
  static final int ALL_SENT = 0;
  static final int SOME_FAILED = 1;
  static final int UNREADABLE = 2;
  private static final int DUPLICATES_LISTED = 10;

  @Spec CommandSpec spec;
  @CommandLine.Mixin StackOptions stack;

  @Parameters(paramLabel = "FILE", description = "The .csv or .xlsx file; an xlsx file's first sheet is read.")
  Path file;

  @Option(names = "--errors", paramLabel = "FILE", description = "Also write the error report to FILE as CSV, to open in Excel.")
  Path errorsFile;

  @Option(names = "--dry-run", description = "Check every row against the published catalog; send nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SheetFile sheet;
    try {
      sheet = SpreadsheetImporter.read(file); // before connecting: a bad file needs no running stack
    } catch (UnreadableFileException e) {
      err.println("qyx import: " + e.getMessage());
      if (!e.headerErrors().isEmpty()) {
        ErrorReport.printTable(e.headerErrors(), err);
      }
      writeErrors(e.headerErrors());
      return UNREADABLE;
    }
    if (dryRun) {
      var rules = ReportCheck.against(stack.publishedCatalog());
      CheckedFile checked = new SpreadsheetImporter(rules, Clock.systemUTC()).check(sheet);
      printErrors(checked.errors(), out);
      writeErrors(checked.errors());
      out.printf("%s: %d rows read, %d would be sent, %d rejected%s (dry run: nothing sent).%n", checked.file(), checked.rowsRead(),
          checked.ready().size(), checked.failedRows(), duplicates(checked.duplicates()));
      return checked.failedRows() == 0 ? ALL_SENT : SOME_FAILED;
    }
    try (var sender = new UnitSenders(stack)) {
      var importer = new SpreadsheetImporter(sender::check, Clock.systemUTC());
      CheckedFile checked = importer.check(sheet);
      printErrors(checked.errors(), out);
      SendResult result;
      try (SendProgress progress = ImportProgressBar.forRows(checked.ready().size())) {
        result = importer.send(checked, sender::send, progress);
      }
      if (!result.errors().isEmpty()) {
        out.println("Not sent, though they passed the checks:");
        ErrorReport.printTable(result.errors(), out);
      }
      List<RowError> all = new ArrayList<>(checked.errors());
      all.addAll(result.errors());
      writeErrors(all);
      long failed = checked.failedRows() + result.errors().size();
      out.printf("%s: %d rows read, %d sent, %d rejected%s.%n", checked.file(), checked.rowsRead(), result.sent(), failed,
          duplicates(checked.duplicates()));
      return failed == 0 ? ALL_SENT : SOME_FAILED;
    }
  }

  private static void printErrors(List<RowError> errors, PrintWriter out) {
    if (!errors.isEmpty()) {
      ErrorReport.printTable(errors, out);
      out.println();
    }
  }

  private void writeErrors(List<RowError> errors) throws IOException {
    if (errorsFile != null) {
      ErrorReport.writeCsv(errors, errorsFile);
    }
  }

  private static String duplicates(List<Duplicate> duplicates) {
    if (duplicates.isEmpty()) {
      return "";
    }
    String listed = duplicates.stream().limit(DUPLICATES_LISTED).map(d -> "row " + d.row() + " repeats row " + d.sameAs())
        .collect(Collectors.joining(", ")) + (duplicates.size() > DUPLICATES_LISTED ? ", ..." : "");
    return ", " + duplicates.size() + " duplicate" + (duplicates.size() == 1 ? "" : "s") + " not sent again (" + listed + ")";
  }
}
