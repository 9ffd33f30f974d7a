package cn.gov.yuhuan.qyx.producers.importer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns an import file may have, by their header name. Order in the file is free; header names
 * are matched trimmed and case-insensitively.
 */
public enum ImportColumn {
  INDICATOR_ID(true),
  AREA_CODE(true),
  PERIOD(true),
  VALUE(false),
  NUMERATOR(false),
  DENOMINATOR(false),
  REPORTING_UNIT(true),
  REPORTED_AT(false),
  EVENT_ID(false),
  REVISION(false),
  NOTE(false);

  private final boolean required;

  ImportColumn(boolean required) {
    this.required = required;
  }

  /** The name in the header row, e.g. {@code indicator_id}. */
  public String header() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether every file must have the column (the figures are checked apart: a value, or a ratio). */
  public boolean required() {
    return required;
  }

  /** The column a header cell names, after trimming and ignoring case. */
  static Optional<ImportColumn> byHeader(String name) {
    String wanted = Texts.clean(name).toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.header().equals(wanted)).findFirst();
  }

  /** Every header name, comma-separated, in the documented order. */
  static String allHeaders() {
    return String.join(",", Arrays.stream(values()).map(ImportColumn::header).toList());
  }
}
