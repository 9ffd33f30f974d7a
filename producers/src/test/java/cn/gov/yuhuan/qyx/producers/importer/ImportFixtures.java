package cn.gov.yuhuan.qyx.producers.importer;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** The real catalog, a fixed clock, and files written the way clerks' spreadsheets write them. */
final class ImportFixtures {
  static final ReferenceData PLAN = ReferenceData.of(Catalog.load(Path.of("../catalog/data")));
  /** When the import runs: 20 June 2024, 10:00 in Yuhuan. */
  static final Instant NOW = Instant.parse("2024-06-20T02:00:00Z");
  static final String HEADER = "indicator_id,area_code,period,value,numerator,denominator,reporting_unit,reported_at,event_id,revision,note";

  private ImportFixtures() {}

  static SpreadsheetImporter importer() {
    return importer(NOW);
  }

  static SpreadsheetImporter importer(Instant now) {
    return new SpreadsheetImporter(ReportCheck.against(PLAN), Clock.fixed(now, ZoneOffset.UTC));
  }

  /** Reads and checks {@code file} as {@code ./qyx import} does, sending nothing. */
  static CheckedFile check(Path file) throws UnreadableFileException {
    return importer().check(SpreadsheetImporter.read(file));
  }

  /** A UTF-8 CSV file of {@code lines}, each ended by CRLF as Excel writes them. */
  static Path csv(Path dir, String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
  }

  static Path save(XSSFWorkbook workbook, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); workbook) {
      workbook.write(out);
    }
    return file;
  }
}
