package cn.gov.yuhuan.qyx.producers.importer;

/**
 * One line of the error report: what is wrong where.
 *
 * @param file the file's name
 * @param row the row as the user sees it (header = 1)
 * @param field the column, e.g. {@code value}
 * @param reason an {@link ImportReason} or a {@link cn.gov.yuhuan.qyx.catalog.RejectReason} name
 * @param detail for the clerk: what was wrong, with the offending cell
 */
public record RowError(String file, long row, String field, String reason, String detail) {
  static RowError of(String file, long row, String field, Enum<?> reason, String detail) {
    return new RowError(file, row, field, reason.name(), detail);
  }
}
