package cn.gov.yuhuan.qyx.producers.importer;

import java.util.Comparator;
import java.util.List;

/**
 * A file after every row was checked, before anything is sent.
 *
 * @param file the file's name
 * @param rowsRead the data rows with at least one filled cell
 * @param ready the rows to send, in file order
 * @param errors everything wrong, by row
 * @param duplicates rows that repeat an earlier row exactly, not sent
 */
public record CheckedFile(String file, int rowsRead, List<ReadyRow> ready, List<RowError> errors, List<Duplicate> duplicates) {
  public CheckedFile {
    ready = List.copyOf(ready);
    errors = errors.stream().sorted(Comparator.comparingLong(RowError::row)).toList();
    duplicates = List.copyOf(duplicates);
  }

  /** How many rows have at least one error. */
  public long failedRows() {
    return errors.stream().mapToLong(RowError::row).distinct().count();
  }
}
