package cn.gov.yuhuan.qyx.producers.importer;

import java.util.List;

/**
 * A read file whose header names the import columns: its rows, ready to be checked.
 *
 * @param file the file's name, as the error report shows it
 * @param rows the data rows with at least one filled cell, in file order
 */
public record SheetFile(String file, List<SheetRow> rows) {
  public SheetFile {
    rows = List.copyOf(rows);
  }
}
