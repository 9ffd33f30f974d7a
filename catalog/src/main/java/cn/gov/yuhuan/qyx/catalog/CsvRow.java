package cn.gov.yuhuan.qyx.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;

/**
 * Typed reading of one CSV row. Every problem is recorded against its file, line and field, and a
 * placeholder is returned, so one pass reports all the mistakes of a file.
 */
final class CsvRow {
  private final String file;
  private final CSVRecord record;
  private final List<CatalogError> errors;

  CsvRow(String file, CSVRecord record, List<CatalogError> errors) {
    this.file = file;
    this.record = record;
    this.errors = errors;
  }

  /** The file line of this row (the header is line 1). */
  long line() {
    return record.getRecordNumber() + 1;
  }

  void error(String field, String message) {
    errors.add(new CatalogError(file, line(), field, message));
  }

  Optional<String> optional(String field) {
    String value = record.isMapped(field) && record.isSet(field) ? record.get(field).strip() : "";
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  String text(String field) {
    return optional(field).orElseGet(() -> {
      error(field, "is required");
      return "";
    });
  }

  BigDecimal decimal(String field) {
    return optional(field).map(v -> parseDecimal(field, v)).orElseGet(() -> {
      error(field, "is required");
      return BigDecimal.ZERO;
    });
  }

  Optional<BigDecimal> optionalDecimal(String field) {
    return optional(field).map(v -> parseDecimal(field, v));
  }

  private BigDecimal parseDecimal(String field, String value) {
    try {
      BigDecimal number = new BigDecimal(value);
      if (number.stripTrailingZeros().scale() > 4) {
        error(field, "'" + value + "' has more than 4 decimal places");
      }
      return number;
    } catch (NumberFormatException e) {
      error(field, "'" + value + "' is not a number");
      return BigDecimal.ZERO;
    }
  }

  int integer(String field) {
    String value = text(field);
    try {
      return value.isEmpty() ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      error(field, "'" + value + "' is not a whole number");
      return 0;
    }
  }

  LocalDate date(String field) {
    String value = text(field);
    try {
      return value.isEmpty() ? LocalDate.MIN : LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      error(field, "'" + value + "' is not a date like 2024-12-31");
      return LocalDate.MIN;
    }
  }

  /** One of the enum's symbols, never its {@code UNKNOWN} (which exists only for schema evolution). */
  <E extends Enum<E>> E symbol(String field, Class<E> type) {
    String value = text(field);
    E unknown = Enum.valueOf(type, "UNKNOWN");
    List<String> allowed = Arrays.stream(type.getEnumConstants()).filter(c -> c != unknown).map(Enum::name).toList();
    if (value.isEmpty()) {
      return unknown;
    }
    if (!allowed.contains(value)) {
      error(field, "'" + value + "' is not one of " + allowed.stream().collect(Collectors.joining(", ")));
      return unknown;
    }
    return Enum.valueOf(type, value);
  }

  /** A {@code ;}-separated list; empty when the cell is. */
  List<String> list(String field) {
    return optional(field).map(v -> Arrays.stream(v.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }
}
