package cn.gov.yuhuan.qyx.producers.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file as Excel and WPS write it: UTF-8 with or without a byte order mark, or GB18030
 * when the bytes are not UTF-8 (what "CSV" rather than "CSV UTF-8" gives on a Chinese Windows).
 */
final class CsvSheetReader {
  /** Chinese Windows' "ANSI" code page is GBK, of which GB18030 is the superset. */
  static final Charset LEGACY_CHINESE = Charset.forName("GB18030");

  // Empty lines are records too, so the record number stays the row Excel shows for the line.
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

  private CsvSheetReader() {}

  static RawSheet read(Path file) throws UnreadableFileException {
    String name = file.getFileName().toString();
    String text = decode(file);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    Map<Integer, String> header = new HashMap<>();
    List<RawSheet.Row> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
      for (CSVRecord record : parser) {
        Map<Integer, String> cells = filled(record);
        if (record.getRecordNumber() == 1) {
          header.putAll(cells);
        } else if (!cells.isEmpty()) {
          rows.add(new RawSheet.Row(record.getRecordNumber(), asText(cells)));
        }
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      // commons-csv reports a broken quote as an unchecked exception naming the line.
      throw new UnreadableFileException(name + " is not a readable CSV file: " + e.getMessage(), e);
    }
    return new RawSheet(name, header, rows, index -> "column " + (index + 1));
  }

  private static String decode(Path file) throws UnreadableFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UnreadableFileException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, LEGACY_CHINESE);
    }
  }

  private static Map<Integer, String> filled(CSVRecord record) {
    Map<Integer, String> cells = new HashMap<>();
    for (int i = 0; i < record.size(); i++) {
      String value = Texts.clean(record.get(i));
      if (!value.isEmpty()) {
        cells.put(i, value);
      }
    }
    return cells;
  }

  private static Map<Integer, CellValue> asText(Map<Integer, String> cells) {
    Map<Integer, CellValue> values = new HashMap<>();
    cells.forEach((index, text) -> values.put(index, new CellValue.Text(text)));
    return values;
  }
}
