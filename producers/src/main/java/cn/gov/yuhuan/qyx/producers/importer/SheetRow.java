package cn.gov.yuhuan.qyx.producers.importer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A data row with its cells under their column names.
 *
 * @param file the file's name
 * @param number the row as the user sees it (header = 1)
 * @param cells the filled cells of the named columns
 * @param strayCells where the row has filled cells under no column name, e.g. {@code column L}
 */
public record SheetRow(String file, long number, Map<ImportColumn, CellValue> cells, List<String> strayCells) {
  public SheetRow {
    cells = Map.copyOf(cells);
    strayCells = List.copyOf(strayCells);
  }

  /** The cell of {@code column}; empty when it is blank or the file has no such column. */
  public Optional<CellValue> cell(ImportColumn column) {
    return Optional.ofNullable(cells.get(column));
  }
}
