package cn.gov.yuhuan.qyx.producers.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The error report as the clerk reads it: in a terminal, and in Excel. */
class ErrorReportTest {
  private static final List<RowError> ERRORS = List.of(
      new RowError("五月报表.csv", 2, "reporting_unit", "UNKNOWN_UNIT", "reporting_unit '市卫健局' is not in the catalog"),
      new RowError("五月报表.csv", 12, "value", "NOT_A_NUMBER", "'4个' is not a number"));

  @TempDir Path dir;

  @Test
  void shouldAlignTheColumnsCountingAChineseCharacterTwoWide() {
    var text = new StringWriter();
    ErrorReport.printTable(ERRORS, new PrintWriter(text));

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("file          row  field           reason        detail");
    assertThat(lines.get(1)).startsWith("五月报表.csv    2  reporting_unit  UNKNOWN_UNIT  reporting_unit '市卫健局'");
    assertThat(lines.get(2)).startsWith("五月报表.csv   12  value           NOT_A_NUMBER  '4个' is not a number");
    // Where the detail starts, in terminal columns, is the same on every line.
    assertThat(List.of(
        DisplayWidth.of(lines.get(0).substring(0, lines.get(0).indexOf("detail"))),
        DisplayWidth.of(lines.get(1).substring(0, lines.get(1).indexOf(ERRORS.get(0).detail()))),
        DisplayWidth.of(lines.get(2).substring(0, lines.get(2).indexOf(ERRORS.get(1).detail()))))).containsOnly(12 + 2 + 3 + 2 + 14 + 2 + 12 + 2);
  }

  @Test
  void shouldWriteACsvThatExcelOpensAsUtf8() throws Exception {
    Path file = dir.resolve("errors.csv");
    ErrorReport.writeCsv(ERRORS, file);

    byte[] bytes = Files.readAllBytes(file);
    assertThat(new String(bytes, 0, 3, StandardCharsets.UTF_8)).isEqualTo("\uFEFF");
    List<CSVRecord> records = CSVFormat.RFC4180.parse(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8).substring(1)))
        .getRecords();
    assertThat(records).map(CSVRecord::toList).containsExactly(
        List.of("file", "row", "field", "reason", "detail"),
        List.of("五月报表.csv", "2", "reporting_unit", "UNKNOWN_UNIT", "reporting_unit '市卫健局' is not in the catalog"),
        List.of("五月报表.csv", "12", "value", "NOT_A_NUMBER", "'4个' is not a number"));
  }
}
