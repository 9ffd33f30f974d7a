package cn.gov.yuhuan.qyx.producers.importer;

import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.HEADER;
import static cn.gov.yuhuan.qyx.producers.importer.ImportFixtures.csv;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing the same file twice sends the same events, which the pipeline counts once. */
class ReimportTest {
  @TempDir Path dir;

  @Test
  void shouldDeriveTheSameEventIdsWhenTheSameFileIsImportedAgainLater() throws Exception {
    Path file = csv(dir, "五月.csv", HEADER,
        "health.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,,,,",
        "employment.urban_unemployment_rate,CITY,2024-Q1,,43,1000,市人力社保局,,,,");

    CheckedFile first = ImportFixtures.importer(Instant.parse("2024-06-20T02:00:00Z")).check(SpreadsheetImporter.read(file));
    CheckedFile again = ImportFixtures.importer(Instant.parse("2024-06-21T07:30:00Z")).check(SpreadsheetImporter.read(file));

    assertThat(eventIds(again)).hasSize(2).doesNotHaveDuplicates().isEqualTo(eventIds(first));
    assertThat(again.ready().get(0).report().getReportedAt()).isNotEqualTo(first.ready().get(0).report().getReportedAt());
  }

  @Test
  void shouldDeriveAnotherEventIdWhenAFigureOfTheRowChanges() throws Exception {
    CheckedFile before = ImportFixtures.check(csv(dir, "before.csv", HEADER, "health.aed_installed,KANMEN,2024-05,4,,,市卫生健康局,,,,"));
    CheckedFile after = ImportFixtures.check(csv(dir, "after.csv", HEADER, "health.aed_installed,KANMEN,2024-05,5,,,市卫生健康局,,,,"));

    assertThat(eventIds(after)).doesNotContainAnyElementsOf(eventIds(before));
  }

  @Test
  void shouldDeriveTheSameEventIdFromACsvAndAWorkbookOfTheSameFigures() throws Exception {
    CheckedFile fromCsv = ImportFixtures.check(csv(dir, "五月.csv", "indicator_id,area_code,period,value,reporting_unit",
        "health.aed_installed,KANMEN,2024-05,4.0,市卫生健康局"));
    CheckedFile fromXlsx = ImportFixtures.check(new XlsxSheet("indicator_id", "area_code", "period", "value", "reporting_unit")
        .row(2).text("health.aed_installed").text("KANMEN").text("2024-05").number(4).text("市卫生健康局")
        .save(dir.resolve("五月.xlsx")));

    assertThat(eventIds(fromXlsx)).isEqualTo(eventIds(fromCsv));
  }

  private static List<String> eventIds(CheckedFile checked) {
    return checked.ready().stream().map(r -> r.report().getEventId()).toList();
  }
}
