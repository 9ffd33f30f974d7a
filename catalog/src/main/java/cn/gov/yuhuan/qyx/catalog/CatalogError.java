package cn.gov.yuhuan.qyx.catalog;

/**
 * One mistake in a catalog file, located so whoever edits the file can fix it.
 *
 * @param file the file name, e.g. {@code indicators.csv}
 * @param line the line in the file, 1 being the header
 * @param field the column, or empty when the mistake is about the whole row or file
 * @param message what is wrong and, where it helps, what is allowed
 */
public record CatalogError(String file, long line, String field, String message) {
  @Override
  public String toString() {
    return file + ":" + line + (field.isEmpty() ? "" : " [" + field + "]") + ": " + message;
  }
}
