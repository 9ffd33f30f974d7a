package cn.gov.yuhuan.qyx.producers.importer;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A file's cells before the header is understood: what a format reader produces.
 *
 * @param file the file's name, as the error report shows it
 * @param header the header row's text by column index (0-based); blank header cells are absent
 * @param rows the data rows that have at least one filled cell, in file order
 * @param columnLabel how the user finds a column by its index: {@code column 12} in a CSV file,
 *     {@code column L} in a sheet
 */
record RawSheet(String file, Map<Integer, String> header, List<Row> rows, IntFunction<String> columnLabel) {

  /**
   * One data row.
   *
   * @param number the row as the user sees it: the CSV record or the sheet row, the header being 1
   * @param cells the filled cells by column index
   */
  record Row(long number, Map<Integer, CellValue> cells) {}
}
