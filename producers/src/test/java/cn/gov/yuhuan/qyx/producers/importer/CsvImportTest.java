package cn.gov.yuhuan.qyx.producers.importer;

import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.HEADER;
import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.NOW;
import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.check;
import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files as clerks save them from Excel or WPS, checked against the real catalog on 20 June 2024. */
class CsvImportTest {
  @TempDir Path dir;

  @Test
  void shouldTurnEveryRowOfAGoodFileIntoTheReportItStates() throws Exception {
    Path file = csv(dir, "五月.csv", HEADER,
        "health.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,2024-06-01T09:00,,,坎门街道新装",        // value, local time in Yuhuan
        "employment.urban_unemployment_rate,CITY,2024-Q1,,43,1000,市人力社保局,2024-04-10,,,",       // ratio, a date
        "health.sports_centre_open,CITY,2024-03-15,1,,,市卫生健康局,,evt-1,2,\"说明, 含逗号\"");      // own event id, revision 2

    CheckedFile checked = check(file);

    assertThat(checked.errors()).isEmpty();
    assertThat(checked.rowsRead()).isEqualTo(3);
    assertThat(checked.ready()).extracting(ReadyRow::row).containsExactly(2L, 3L, 4L);
    ProgressReport aed = checked.ready().get(0).report();
    assertThat(aed.getValue()).isEqualByComparingTo("4");
    assertThat(aed.getReportedAt()).isEqualTo(Instant.parse("2024-06-01T01:00:00Z"));
    assertThat(aed.getRevision()).isEqualTo(1);
    assertThat(aed.getNote()).isEqualTo("坎门街道新装");
    assertThat(aed.getEventId()).startsWith("d-");
    ProgressReport unemployment = checked.ready().get(1).report();
    assertThat(unemployment.getValue()).isNull();
    assertThat(unemployment.getNumerator()).isEqualByComparingTo("43");
    assertThat(unemployment.getDenominator()).isEqualByComparingTo("1000");
    assertThat(unemployment.getReportedAt()).isEqualTo(Instant.parse("2024-04-09T16:00:00Z"));
    ProgressReport opened = checked.ready().get(2).report();
    assertThat(opened.getEventId()).isEqualTo("evt-1");
    assertThat(opened.getRevision()).isEqualTo(2);
    assertThat(opened.getReportedAt()).isEqualTo(NOW);
    assertThat(opened.getNote()).isEqualTo("说明, 含逗号");
  }

  @Test
  void shouldReportEveryCellThatCannotBeReadWithItsRowFieldAndReason() throws Exception {
    Path file = csv(dir, "bad.csv", HEADER,
        "health.aed_installed,KANMEN,2024-05,4个,,,市卫生健康局,,,,",                  // 2: a unit in the number
        "health.aed_installed,LUPU,2024-05,3,1,2,市卫生健康局,,,,",                    // 3: value and ratio
        "health.aed_installed,SHAMEN,2024-05,,,,市卫生健康局,,,,",                     // 4: no figure at all
        "health.aed_installed,CHUMEN,2024-05,2,,,市卫生健康局,昨天,,,",                // 5: not a date
        "health.aed_installed,YUCHENG,2024-05,2.12345,,,市卫生健康局,,,,",             // 6: five decimals (the pipeline's code)
        "health.aed_installed,DAMAIYU,2024/5/1,2,,,市卫生健康局,,,,",                  // 7: a period Excel made a date
        "health.aed_installed,LONGXI,2024-05,2,,,市卫生健康局,,,0,",                   // 8: revision 0
        "employment.urban_unemployment_rate,CITY,2024-Q1,,43,,市人力社保局,,,,",       // 9: numerator alone
        ",GANJIANG,2024-05,2,,,市卫生健康局,,,,",                                      // 10: no indicator
        "health.aed_installed,HAISHAN,2024-05,94.4%,,,市卫生健康局,,,,",               // 11: a percentage
        "health.aed_installed,KANMEN,2024-04,x,,,市卫生健康局,2024-13-01,,,",          // 12: two bad cells, both reported
        "health.aed_installed,KANMEN,2024-03,123456789012345,,,市卫生健康局,,,,");     // 13: beyond Decimal(18,4)

    CheckedFile checked = check(file);

    assertThat(checked.ready()).isEmpty();
    assertThat(checked.errors()).extracting(RowError::file, RowError::row, RowError::field, RowError::reason).containsExactly(
        tuple("bad.csv", 2L, "value", "NOT_A_NUMBER"),
        tuple("bad.csv", 3L, "value", "VALUE_AND_RATIO"),
        tuple("bad.csv", 4L, "value", "NO_VALUE"),
        tuple("bad.csv", 5L, "reported_at", "NOT_A_DATE"),
        tuple("bad.csv", 6L, "value", "VALUE_OUT_OF_RANGE"),
        tuple("bad.csv", 7L, "period", "PERIOD_IS_A_DATE"),
        tuple("bad.csv", 8L, "revision", "NOT_A_REVISION"),
        tuple("bad.csv", 9L, "denominator", "NO_VALUE"),
        tuple("bad.csv", 10L, "indicator_id", "MISSING_FIELD"),
        tuple("bad.csv", 11L, "value", "NOT_A_NUMBER"),
        tuple("bad.csv", 12L, "value", "NOT_A_NUMBER"),
        tuple("bad.csv", 12L, "reported_at", "NOT_A_DATE"),
        tuple("bad.csv", 13L, "value", "VALUE_OUT_OF_RANGE"));
    assertThat(checked.errors().get(0).detail()).isEqualTo("'4个' is not a number");
    assertThat(checked.errors().get(9).detail()).contains("percentage", "94.4");
    assertThat(checked.failedRows()).isEqualTo(12);
  }

  @Test
  void shouldRejectRowsThatBreakThePipelinesRulesWithThePipelinesReasonCodes() throws Exception {
    Path file = csv(dir, "rules.csv", HEADER,
        "health.no_such_indicator,KANMEN,2024-05,1,,,市卫生健康局,,,,",
        "health.aed_installed,ATLANTIS,2024-05,1,,,市卫生健康局,,,,",
        "health.aed_installed,KANMEN,2024-05,1,,,市教育局,,,,",
        "health.aed_installed,CITY,2024-05,1,,,市卫生健康局,,,,",
        "health.aed_installed,KANMEN,2024-Q2,1,,,市卫生健康局,,,,",
        "health.aed_installed,KANMEN,2023-12,1,,,市卫生健康局,,,,",
        "health.aed_installed,KANMEN,2024-08,1,,,市卫生健康局,,,,",                  // after 20 June
        "health.aed_installed,KANMEN,2024-05,-1,,,市卫生健康局,,,,",
        "employment.urban_unemployment_rate,CITY,2024-Q1,,50,40,市人力社保局,,,,",
        "employment.urban_unemployment_rate,CITY,2024-Q1,,0,0,市人力社保局,,,,",
        "employment.urban_unemployment_rate,CITY,2024-Q1,5,,,市人力社保局,,,,",       // a RATIO given as a value
        "health.sports_centre_open,CITY,2024-03-15,2,,,市卫生健康局,,,,");

    CheckedFile checked = check(file);

    assertThat(checked.ready()).isEmpty();
    assertThat(checked.errors()).extracting(RowError::row, RowError::field, RowError::reason).containsExactly(
        tuple(2L, "indicator_id", "UNKNOWN_INDICATOR"),
        tuple(3L, "area_code", "UNKNOWN_AREA"),
        tuple(4L, "reporting_unit", "UNIT_NOT_RESPONSIBLE"),
        tuple(5L, "area_code", "AREA_NOT_IN_SCOPE"),
        tuple(6L, "period", "BAD_PERIOD"),
        tuple(7L, "period", "PERIOD_OUTSIDE_PLAN"),
        tuple(8L, "period", "PERIOD_IN_FUTURE"),
        tuple(9L, "value", "NEGATIVE_VALUE"),
        tuple(10L, "numerator", "NUMERATOR_ABOVE_DENOMINATOR"),
        tuple(11L, "denominator", "ZERO_DENOMINATOR"),
        tuple(12L, "value", "MISSING_VALUE"),
        tuple(13L, "value", "BAD_MILESTONE_VALUE"));
    assertThat(checked.errors().get(2).detail()).isEqualTo("市教育局 is not responsible for health.aed_installed (lead unit: 市卫生健康局)");
  }

  @Test
  void shouldSendTheRowsThatPassAndHoldBackTheRowsThatFail() throws Exception {
    Path file = csv(dir, "mixed.csv", HEADER,
        "health.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,,,,",      // 2: good
        "health.aed_installed,LUPU,2024-05,四,,,市卫生健康局,,,,",       // 3: not a number
        "health.aed_installed,LUPU,2024-04,3,,,市卫生健康局,,,,",        // 4: good
        "health.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,,,,重发",  // 5: row 2 again: a duplicate, no error
        "health.aed_installed,SHAMEN,2024-05,1,,,市卫生健康局,,,,",      // 6: conflicts with row 7
        "health.aed_installed,SHAMEN,2024-05,2,,,市卫生健康局,,,,",      // 7
        "health.aed_installed,CITY,2024-05,1,,,市卫生健康局,,,,");       // 8: township indicator

    CheckedFile checked = check(file);

    assertThat(checked.rowsRead()).isEqualTo(7);
    assertThat(checked.ready()).extracting(ReadyRow::row).containsExactly(2L, 4L);
    assertThat(checked.duplicates()).containsExactly(new Duplicate(5, 2));
    assertThat(checked.errors()).extracting(RowError::row, RowError::field, RowError::reason).containsExactly(
        tuple(3L, "value", "NOT_A_NUMBER"),
        tuple(6L, "value", "CONFLICTING_ROWS"),
        tuple(7L, "value", "CONFLICTING_ROWS"),
        tuple(8L, "area_code", "AREA_NOT_IN_SCOPE"));
    assertThat(checked.errors().get(1).detail()).startsWith("rows 6, 7 give different figures");
    assertThat(checked.failedRows()).isEqualTo(4);
  }

  @Test
  void shouldReadAFileThatStartsWithAByteOrderMarkAndAHeaderInAnotherCase() throws Exception {
    Path file = csv(dir, "bom.csv", "\uFEFF Indicator_ID ,AREA_CODE,Period,Value,Reporting_Unit",
        "health.aed_installed,KANMEN,2024-05,4,市卫生健康局");

    CheckedFile checked = check(file);

    assertThat(checked.errors()).isEmpty();
    assertThat(checked.ready()).singleElement().satisfies(r -> assertThat(r.report().getIndicatorId()).isEqualTo("health.aed_installed"));
  }

  @Test
  void shouldDefaultEveryOptionalColumnTheFileLeavesOut() throws Exception {
    Path file = csv(dir, "short.csv", "reporting_unit,period,value,area_code,indicator_id",
        "市卫生健康局,2024-05,4,KANMEN,health.aed_installed");

    ProgressReport report = check(file).ready().get(0).report();

    assertThat(report.getReportedAt()).isEqualTo(NOW);
    assertThat(report.getRevision()).isEqualTo(1);
    assertThat(report.getEventId()).startsWith("d-");
    assertThat(report.getNote()).isNull();
    assertThat(report.getValue()).isEqualByComparingTo(new BigDecimal("4"));
  }

  @Test
  void shouldSkipEmptyRowsAndNumberTheOthersAsExcelShowsThem() throws Exception {
    Path file = csv(dir, "gaps.csv", HEADER,
        "health.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,,,,",
        "",                                                               // 3: an empty line
        "health.aed_installed,LUPU,2024-05,x,,,市卫生健康局,,,,",        // 4
        ",,,,,,,,,,",                                                     // trailing rows Excel leaves
        ",,,,,,,,,,",
        "");

    CheckedFile checked = check(file);

    assertThat(checked.rowsRead()).isEqualTo(2);
    assertThat(checked.errors()).extracting(RowError::row).containsExactly(4L);
  }

  @Test
  void shouldReadChineseFiguresTypedWithFullWidthDigitsAndNoBreakSpaces() throws Exception {
    Path file = csv(dir, "fullwidth.csv", HEADER, "health.aed_installed,KANMEN,２０２４－０５,\u00A0１２,,,市卫生健康局 ,,,,");

    ProgressReport report = check(file).ready().get(0).report();

    assertThat(report.getPeriod()).isEqualTo("2024-05");
    assertThat(report.getValue()).isEqualByComparingTo("12");
    assertThat(report.getReportingUnit()).isEqualTo("市卫生健康局");
  }

  @Test
  void shouldReadACsvThatChineseExcelSavedInGb18030() throws Exception {
    Path file = dir.resolve("gbk.csv");
    Files.write(file, (HEADER + "\r\nhealth.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,,,,新装\r\n").getBytes("GB18030"));

    CheckedFile checked = check(file);

    assertThat(checked.errors()).isEmpty();
    assertThat(checked.ready().get(0).report().getNote()).isEqualTo("新装");
  }

  @Test
  void shouldRefuseAFilledCellUnderNoColumnName() throws Exception {
    Path file = csv(dir, "stray.csv", HEADER, "health.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,,,,坎门,另一条说明");

    CheckedFile checked = check(file);

    assertThat(checked.errors()).extracting(RowError::row, RowError::field, RowError::reason)
        .containsExactly(tuple(2L, "column 12", "EXTRA_CELL"));
  }

  @Test
  void shouldRefuseAHeaderWithUnknownDuplicateOrMissingColumnsNamingEachOfThem() throws Exception {
    Path file = csv(dir, "header.csv", "indicator,area_code,period,value,Period,unit", "health.aed_installed,KANMEN,2024-05,4,,市卫生健康局");

    assertThatThrownBy(() -> SpreadsheetImporter.read(file)).isInstanceOfSatisfying(UnreadableFileException.class, e ->
        assertThat(e.headerErrors()).extracting(RowError::row, RowError::field, RowError::reason).containsExactly(
            tuple(1L, "indicator", "UNKNOWN_COLUMN"),
            tuple(1L, "period", "DUPLICATE_COLUMN"),
            tuple(1L, "unit", "UNKNOWN_COLUMN"),
            tuple(1L, "indicator_id", "MISSING_COLUMN"),
            tuple(1L, "reporting_unit", "MISSING_COLUMN")));
  }

  @Test
  void shouldRefuseAHeaderWithoutAValueOrARatioColumn() throws Exception {
    Path file = csv(dir, "nofigure.csv", "indicator_id,area_code,period,reporting_unit,numerator");

    assertThatThrownBy(() -> SpreadsheetImporter.read(file)).isInstanceOfSatisfying(UnreadableFileException.class, e ->
        assertThat(e.headerErrors()).extracting(RowError::field, RowError::reason).containsExactly(tuple("denominator", "MISSING_COLUMN")));
  }

  @Test
  void shouldRefuseAMissingFileAndAnotherFormat() throws Exception {
    Path text = Files.writeString(dir.resolve("figures.txt"), HEADER, StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SpreadsheetImporter.read(dir.resolve("nowhere.csv"))).isInstanceOf(UnreadableFileException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> SpreadsheetImporter.read(text)).isInstanceOf(UnreadableFileException.class)
        .hasMessageContaining("neither .csv nor .xlsx");
  }
}
