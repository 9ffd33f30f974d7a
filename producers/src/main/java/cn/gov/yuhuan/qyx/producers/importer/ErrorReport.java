package cn.gov.yuhuan.qyx.producers.importer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The error report of an import: an aligned table for the terminal, and a CSV file for the clerk to
 * open in Excel beside the spreadsheet.
 */
public final class ErrorReport {
  /** The columns, in order. */
  static final String[] HEADER = {"file", "row", "field", "reason", "detail"};

  private ErrorReport() {}

  /** One line per error under a header line, the columns aligned (Chinese text counted two wide). */
  public static void printTable(List<RowError> errors, PrintWriter out) {
    int file = width(errors, RowError::file, HEADER[0]);
    int row = width(errors, e -> String.valueOf(e.row()), HEADER[1]);
    int field = width(errors, RowError::field, HEADER[2]);
    int reason = width(errors, RowError::reason, HEADER[3]);
    out.println(line(HEADER[0], file, HEADER[1], row, HEADER[2], field, HEADER[3], reason, HEADER[4]));
    for (RowError e : errors) {
      out.println(line(e.file(), file, DisplayWidth.padLeft(String.valueOf(e.row()), row), row, e.field(), field, e.reason(), reason,
          Texts.oneLine(e.detail())));
    }
    out.flush();
  }

  /**
   * Writes the errors as CSV in UTF-8 with a byte order mark: without it Excel on a Chinese Windows
   * reads the file as GBK and shows the details garbled.
   */
  public static void writeCsv(List<RowError> errors, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write('\uFEFF'); // before the printer, which writes the header as it is made
      CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).get());
      for (RowError e : errors) {
        printer.printRecord(e.file(), e.row(), e.field(), e.reason(), e.detail());
      }
      printer.flush();
    }
  }

  private static String line(String file, int fileWidth, String row, int rowWidth, String field, int fieldWidth, String reason,
      int reasonWidth, String detail) {
    return String.join("  ", DisplayWidth.padRight(file, fileWidth), DisplayWidth.padRight(row, rowWidth),
        DisplayWidth.padRight(field, fieldWidth), DisplayWidth.padRight(reason, reasonWidth), detail).stripTrailing();
  }

  private static int width(List<RowError> errors, Function<RowError, String> column, String header) {
    return errors.stream().map(column).mapToInt(DisplayWidth::of).reduce(DisplayWidth.of(header), Math::max);
  }
}
