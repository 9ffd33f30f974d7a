package cn.gov.yuhuan.qyx.producers.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens an import file with the reader of its format, chosen by the file's extension. */
final class SheetFiles {
  private SheetFiles() {}

  static SheetFile read(Path file) throws UnreadableFileException {
    if (!Files.isRegularFile(file)) {
      throw new UnreadableFileException(file + " does not exist or is not a file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    RawSheet sheet;
    if (name.endsWith(".csv")) {
      sheet = CsvSheetReader.read(file);
    } else if (name.endsWith(".xlsx")) {
      sheet = XlsxSheetReader.read(file);
    } else if (name.endsWith(".xls") || name.endsWith(".et")) {
      throw new UnreadableFileException(file + " is an old Excel/WPS workbook: save it as .xlsx (or as CSV UTF-8)");
    } else {
      throw new UnreadableFileException(file + " is neither .csv nor .xlsx");
    }
    return ImportHeader.apply(sheet);
  }
}
