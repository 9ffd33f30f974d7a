package cn.gov.yuhuan.qyx.producers.importer;

import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .xlsx workbooks as Excel and WPS save them: numbers as numbers or text, dates as date cells. */
class XlsxImportTest {
  private static final String[] HEADER = ImportFixtures.HEADER.split(",");

  @TempDir Path dir;

  @Test
  void shouldReadNumbersAsNumberOrTextCellsAndADateCellAsBeijingTime() throws Exception {
    Path file = new XlsxSheet(HEADER)
        .row(2).text("health.aed_installed").text("KANMEN").text("2024-05").number(4).blank().blank().text("市卫生健康局")
            .dateTime(LocalDateTime.of(2024, 6, 1, 9, 0)).number(12345).number(1).text("坎门街道新装")
        .row(3).text("employment.urban_unemployment_rate").text("CITY").text("2024-Q1").blank().text("43").text(" 1000 ")
            .text("市人力社保局").text("2024-04-10T08:00:00+08:00")
        .row(4).text("health.aed_installed").text("LUPU").text("2024-05").formula("1.5*2").blank().blank().text("市卫生健康局")
        .row(5).text("health.aed_installed").text("SHAMEN").text("2024-05").number(0.1 + 0.2).blank().blank().text("市卫生健康局")
        .save(dir.resolve("五月.xlsx"));

    CheckedFile checked = check(file);

    assertThat(checked.errors()).isEmpty();
    assertThat(checked.ready()).extracting(ReadyRow::row).containsExactly(2L, 3L, 4L, 5L);
    ProgressReport aed = checked.ready().get(0).report();
    assertThat(aed.getValue()).isEqualByComparingTo("4");
    assertThat(aed.getReportedAt()).isEqualTo(Instant.parse("2024-06-01T01:00:00Z"));
    assertThat(aed.getEventId()).isEqualTo("12345");
    assertThat(aed.getNote()).isEqualTo("坎门街道新装");
    ProgressReport unemployment = checked.ready().get(1).report();
    assertThat(unemployment.getNumerator()).isEqualByComparingTo("43");
    assertThat(unemployment.getDenominator()).isEqualByComparingTo("1000");
    assertThat(unemployment.getReportedAt()).isEqualTo(Instant.parse("2024-04-10T00:00:00Z"));
    assertThat(checked.ready().get(2).report().getValue()).as("a formula's saved result").isEqualByComparingTo("3");
    assertThat(checked.ready().get(3).report().getValue()).as("a double's noise past 15 digits").isEqualByComparingTo("0.3");
  }

  @Test
  void shouldSayWhenExcelMadeADateOfThePeriodAndWhatElseACellCannotBe() throws Exception {
    Path file = new XlsxSheet(HEADER)
        .row(2).text("health.aed_installed").text("KANMEN").monthDate(2024, 5).number(4).blank().blank().text("市卫生健康局")
        .row(3).text("health.aed_installed").text("LUPU").text("2024-05").percent(0.944).blank().blank().text("市卫生健康局")
        .row(4).text("health.aed_installed").text("SHAMEN").text("2024-05").number(2).blank().blank().text("市卫生健康局").number(45432)
        .row(5).text("health.aed_installed").text("CHUMEN").text("2024-05").text("两台").blank().blank().text("市卫生健康局")
        .row(6).text("health.aed_installed").text("CITY").text("2024-05").number(2).blank().blank().text("市卫生健康局")
        .save(dir.resolve("bad.xlsx"));

    CheckedFile checked = check(file);

    assertThat(checked.ready()).isEmpty();
    assertThat(checked.errors()).extracting(RowError::file, RowError::row, RowError::field, RowError::reason).containsExactly(
        tuple("bad.xlsx", 2L, "period", "PERIOD_IS_A_DATE"),
        tuple("bad.xlsx", 3L, "value", "NOT_A_NUMBER"),
        tuple("bad.xlsx", 4L, "reported_at", "NOT_A_DATE"),
        tuple("bad.xlsx", 5L, "value", "NOT_A_NUMBER"),
        tuple("bad.xlsx", 6L, "area_code", "AREA_NOT_IN_SCOPE"));
    assertThat(checked.errors().get(0).detail()).startsWith("the cell is the date 2024-05-01, not a period").contains("Text");
    assertThat(checked.errors().get(1).detail()).contains("0.944", "94.4%");
    assertThat(checked.errors().get(2).detail()).startsWith("the cell is the number 45432, not a date");
  }

  @Test
  void shouldSendTheGoodRowsOfAMixedSheetAndSkipItsEmptyRows() throws Exception {
    Path file = new XlsxSheet("Indicator_ID", "area_code", "period", "value", "reporting_unit")
        .row(2).text("health.aed_installed").text("KANMEN").text("2024-05").number(4).text("市卫生健康局")
        // row 3 was never touched; row 4's cells were emptied
        .row(4).blank().blank().blank().blank().blank()
        .row(5).text("health.aed_installed").text("LUPU").text("2024-05").number(-1).text("市卫生健康局")
        .row(6).text("health.aed_installed").text("SHAMEN").text("2024-04").text("7").text("市卫生健康局")
        .row(9).blank().blank()
        .save(dir.resolve("mixed.xlsx"));

    CheckedFile checked = check(file);

    assertThat(checked.rowsRead()).isEqualTo(3);
    assertThat(checked.ready()).extracting(ReadyRow::row).containsExactly(2L, 6L);
    assertThat(checked.errors()).extracting(RowError::row, RowError::field, RowError::reason)
        .containsExactly(tuple(5L, "value", "NEGATIVE_VALUE"));
  }

  @Test
  void shouldRefuseAWorkbookWhoseHeaderIsNotTheImports() throws Exception {
    Path file = new XlsxSheet("指标", "area_code", "period", "value", "reporting_unit").save(dir.resolve("title.xlsx"));

    assertThatThrownBy(() -> SpreadsheetImporter.read(file)).isInstanceOfSatisfying(UnreadableFileException.class, e ->
        assertThat(e.headerErrors()).extracting(RowError::field, RowError::reason)
            .containsExactly(tuple("指标", "UNKNOWN_COLUMN"), tuple("indicator_id", "MISSING_COLUMN")));
  }

  @Test
  void shouldRefuseAFileThatIsNoWorkbook() throws Exception {
    Path file = Files.writeString(dir.resolve("renamed.xlsx"), ImportFixtures.HEADER);

    assertThatThrownBy(() -> SpreadsheetImporter.read(file)).isInstanceOf(UnreadableFileException.class)
        .hasMessageContaining("renamed.xlsx");
  }
}
