package cn.gov.yuhuan.qyx.producers.importer;

import java.util.List;

/**
 * A file that cannot be imported at all: missing, not a .csv or .xlsx, not parseable, or with a
 * header that does not name the import columns. No row of it is checked or sent.
 */
public final class UnreadableFileException extends Exception {
  private final transient List<RowError> headerErrors;

  UnreadableFileException(String message) {
    this(message, List.of());
  }

  UnreadableFileException(String message, Throwable cause) {
    super(message, cause);
    this.headerErrors = List.of();
  }

  UnreadableFileException(String message, List<RowError> headerErrors) {
    super(message);
    this.headerErrors = List.copyOf(headerErrors);
  }

  /** What is wrong with the header, one error per column; empty when the file could not be read. */
  public List<RowError> headerErrors() {
    return headerErrors;
  }
}
