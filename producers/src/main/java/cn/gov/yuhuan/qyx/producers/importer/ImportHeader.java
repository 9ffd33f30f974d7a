package cn.gov.yuhuan.qyx.producers.importer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the header row: which column index holds which {@link ImportColumn}. A header that names an
 * unknown column, names one twice, or lacks a required one makes the whole file unreadable, because
 * guessing what a column means would send wrong figures.
 */
final class ImportHeader {
  private static final long HEADER_ROW = 1;

  private ImportHeader() {}

  /** The sheet's rows under their column names. */
  static SheetFile apply(RawSheet sheet) throws UnreadableFileException {
    if (sheet.header().isEmpty()) {
      throw new UnreadableFileException(sheet.file() + " has no header in row 1; it must name the columns: " + ImportColumn.allHeaders());
    }
    List<RowError> errors = new ArrayList<>();
    Map<Integer, ImportColumn> columns = new TreeMap<>();
    Map<ImportColumn, Integer> seen = new EnumMap<>(ImportColumn.class);
    for (var cell : new TreeMap<>(sheet.header()).entrySet()) {
      String name = Texts.clean(cell.getValue());
      var column = ImportColumn.byHeader(name);
      String where = sheet.columnLabel().apply(cell.getKey());
      if (column.isEmpty()) {
        errors.add(RowError.of(sheet.file(), HEADER_ROW, name, ImportReason.UNKNOWN_COLUMN,
            "'" + name + "' (" + where + ") is not a column of the import; the columns are " + ImportColumn.allHeaders()));
      } else if (seen.containsKey(column.get())) {
        errors.add(RowError.of(sheet.file(), HEADER_ROW, column.get().header(), ImportReason.DUPLICATE_COLUMN,
            where + " repeats " + column.get().header() + " of " + sheet.columnLabel().apply(seen.get(column.get()))));
      } else {
        seen.put(column.get(), cell.getKey());
        columns.put(cell.getKey(), column.get());
      }
    }
    errors.addAll(missing(sheet.file(), seen.keySet()));
    if (!errors.isEmpty()) {
      throw new UnreadableFileException(sheet.file() + ": the header in row 1 is not the import's", errors);
    }
    List<SheetRow> rows = new ArrayList<>();
    for (RawSheet.Row row : sheet.rows()) {
      rows.add(named(sheet, row, columns));
    }
    return new SheetFile(sheet.file(), rows);
  }

  private static List<RowError> missing(String file, Set<ImportColumn> present) {
    List<RowError> errors = new ArrayList<>();
    for (ImportColumn column : EnumSet.allOf(ImportColumn.class)) {
      if (column.required() && !present.contains(column)) {
        errors.add(RowError.of(file, HEADER_ROW, column.header(), ImportReason.MISSING_COLUMN, "the header has no " + column.header() + " column"));
      }
    }
    boolean numerator = present.contains(ImportColumn.NUMERATOR);
    boolean denominator = present.contains(ImportColumn.DENOMINATOR);
    if (numerator != denominator) {
      ImportColumn absent = numerator ? ImportColumn.DENOMINATOR : ImportColumn.NUMERATOR;
      errors.add(RowError.of(file, HEADER_ROW, absent.header(), ImportReason.MISSING_COLUMN,
          "a ratio needs both numerator and denominator columns; the header has no " + absent.header() + " column"));
    } else if (!numerator && !present.contains(ImportColumn.VALUE)) {
      errors.add(RowError.of(file, HEADER_ROW, ImportColumn.VALUE.header(), ImportReason.MISSING_COLUMN,
          "the header needs a value column, or numerator and denominator columns"));
    }
    return errors;
  }

  private static SheetRow named(RawSheet sheet, RawSheet.Row row, Map<Integer, ImportColumn> columns) {
    Map<ImportColumn, CellValue> cells = new HashMap<>();
    List<String> stray = new ArrayList<>();
    for (var cell : new TreeMap<>(row.cells()).entrySet()) {
      ImportColumn column = columns.get(cell.getKey());
      if (column == null) {
        stray.add(sheet.columnLabel().apply(cell.getKey()));
      } else {
        cells.put(column, cell.getValue());
      }
    }
    return new SheetRow(sheet.file(), row.number(), cells, stray);
  }
}
