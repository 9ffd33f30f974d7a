package cn.gov.yuhuan.qyx.producers.importer;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one row into a progress report, or into every error that keeps it from being one. A cell
 * that cannot be read is reported with an {@link ImportReason}, every such cell of the row at once,
 * so the clerk fixes a row in one go; the pipeline's rules are applied afterwards, to rows that read.
 */
final class RowParser {
  /** Decimal(18, 4): 14 digits before the point. */
  private static final int MAX_INTEGER_DIGITS = 18 - Decimals.SCALE;

  private final SheetRow row;
  private final Instant now;
  private final List<RowError> errors = new ArrayList<>();

  private RowParser(SheetRow row, Instant now) {
    this.row = row;
    this.now = now;
  }

  /**
   * The row's report, with {@code now} as reported_at when the row has none.
   *
   * @param report present if and only if {@code errors} is empty
   */
  record Parsed(Optional<ProgressReport> report, List<RowError> errors) {}

  static Parsed parse(SheetRow row, Instant now) {
    return new RowParser(row, now).run();
  }

  private Parsed run() {
    for (String stray : row.strayCells()) {
      error(stray, ImportReason.EXTRA_CELL, "a filled cell under no column name: give the column a name of the import or empty it");
    }
    String indicator = requiredCode(ImportColumn.INDICATOR_ID);
    String area = requiredCode(ImportColumn.AREA_CODE);
    String period = period();
    String unit = required(ImportColumn.REPORTING_UNIT);
    Optional<BigDecimal> value = decimal(ImportColumn.VALUE);
    Optional<BigDecimal> numerator = decimal(ImportColumn.NUMERATOR);
    Optional<BigDecimal> denominator = decimal(ImportColumn.DENOMINATOR);
    checkFigures();
    Instant reportedAt = reportedAt().orElse(now);
    int revision = revision();
    Optional<String> eventId = text(ImportColumn.EVENT_ID);
    Optional<String> note = text(ImportColumn.NOTE);
    if (!errors.isEmpty()) {
      return new Parsed(Optional.empty(), List.copyOf(errors));
    }
    Reports.Builder builder = value.isPresent()
        ? Reports.value(indicator, area, period, value.get())
        : Reports.ratio(indicator, area, period, numerator.orElseThrow().toPlainString(), denominator.orElseThrow().toPlainString());
    ProgressReport report = builder.reportingUnit(unit)
        .correction(revision, null)
        .reportedAt(reportedAt)
        .eventId(eventId.orElse(null))
        .note(note.orElse(null))
        .build();
    return new Parsed(Optional.of(report), List.of());
  }

  /** Which figures the row has is decided by its filled cells, readable or not. */
  private void checkFigures() {
    boolean value = has(ImportColumn.VALUE);
    boolean numerator = has(ImportColumn.NUMERATOR);
    boolean denominator = has(ImportColumn.DENOMINATOR);
    if (value && (numerator || denominator)) {
      error(ImportColumn.VALUE.header(), ImportReason.VALUE_AND_RATIO,
          "a row has a value (COUNT, LEVEL, MILESTONE) or a numerator and denominator (RATIO), not both");
    } else if (!value && !numerator && !denominator) {
      error(ImportColumn.VALUE.header(), ImportReason.NO_VALUE, "the row has no value, and no numerator and denominator");
    } else if (numerator != denominator) {
      ImportColumn missing = numerator ? ImportColumn.DENOMINATOR : ImportColumn.NUMERATOR;
      error(missing.header(), ImportReason.NO_VALUE, "a ratio needs both numerator and denominator; " + missing.header() + " is empty");
    }
  }

  private boolean has(ImportColumn column) {
    return row.cell(column).isPresent();
  }

  private Optional<String> text(ImportColumn column) {
    return row.cell(column).map(RowParser::asText);
  }

  private String required(ImportColumn column) {
    return text(column).orElseGet(() -> {
      // The pipeline's own code for a blank required field.
      error(column.header(), RejectReason.MISSING_FIELD, column.header() + " is blank");
      return "";
    });
  }

  /** A code of the catalog, written with full-width letters or digits by a Chinese input method. */
  private String requiredCode(ImportColumn column) {
    return Texts.halfWidth(required(column));
  }

  private String period() {
    Optional<CellValue> cell = row.cell(ImportColumn.PERIOD);
    String field = ImportColumn.PERIOD.header();
    if (cell.isPresent() && cell.get() instanceof CellValue.DateTime date) {
      error(field, ImportReason.PERIOD_IS_A_DATE, "the cell is " + date.describe() + ", not a period: Excel makes a date of 2024-05 typed"
          + " into a General cell; format the column as Text (or type '2024-05) and enter the period again");
      return "";
    }
    String period = requiredCode(ImportColumn.PERIOD);
    if (DateText.isSlashedDate(period)) {
      error(field, ImportReason.PERIOD_IS_A_DATE, "'" + period + "' is a date as a spreadsheet writes one, not a period"
          + " (2024-05, 2024-Q2, 2024, 2024-05-17): format the column as Text and enter the period again");
    }
    return period;
  }

  private Optional<BigDecimal> decimal(ImportColumn column) {
    Optional<CellValue> cell = row.cell(column);
    if (cell.isEmpty()) {
      return Optional.empty();
    }
    String field = column.header();
    Optional<BigDecimal> number = number(field, cell.get());
    if (number.isEmpty()) {
      return Optional.empty();
    }
    // Checked here, not left to the rules: the report builder cannot even hold such a number.
    BigDecimal n = number.get().stripTrailingZeros();
    if (n.scale() > Decimals.SCALE) {
      error(field, RejectReason.VALUE_OUT_OF_RANGE, n.toPlainString() + " has more than " + Decimals.SCALE + " decimal places");
      return Optional.empty();
    }
    if (n.precision() - n.scale() > MAX_INTEGER_DIGITS) {
      error(field, RejectReason.VALUE_OUT_OF_RANGE, n.toPlainString() + " has more than " + MAX_INTEGER_DIGITS + " digits before the point");
      return Optional.empty();
    }
    return Optional.of(n);
  }

  private Optional<BigDecimal> number(String field, CellValue cell) {
    if (cell instanceof CellValue.Numeric numeric) {
      if (numeric.percentFormat()) {
        error(field, ImportReason.NOT_A_NUMBER, "the cell is " + numeric.describe() + ": a percentage is entered as its number of"
            + " percent (94.4 for 94.4%) in a cell formatted as a number");
        return Optional.empty();
      }
      return Optional.of(numeric.number());
    }
    if (cell instanceof CellValue.Text text) {
      if (NumberText.isPercentage(text.text())) {
        error(field, ImportReason.NOT_A_NUMBER, cell.describe() + " is a percentage: enter its number of percent (94.4 for 94.4%)");
        return Optional.empty();
      }
      Optional<BigDecimal> parsed = NumberText.parse(text.text());
      if (parsed.isEmpty()) {
        error(field, ImportReason.NOT_A_NUMBER, cell.describe() + " is not a number");
      }
      return parsed;
    }
    error(field, ImportReason.NOT_A_NUMBER, "the cell is " + cell.describe() + ", not a number");
    return Optional.empty();
  }

  private Optional<Instant> reportedAt() {
    String field = ImportColumn.REPORTED_AT.header();
    return row.cell(ImportColumn.REPORTED_AT).flatMap(cell -> {
      if (cell instanceof CellValue.DateTime date) {
        return Optional.of(date.dateTime().atZone(ReportRules.PLAN_ZONE).toInstant());
      }
      Optional<Instant> parsed = cell instanceof CellValue.Text text ? DateText.parse(text.text(), ReportRules.PLAN_ZONE) : Optional.empty();
      if (parsed.isEmpty()) {
        String what = cell instanceof CellValue.Numeric ? "the cell is " + cell.describe() + ", not a date" : cell.describe() + " is not a date";
        error(field, ImportReason.NOT_A_DATE,
            what + ": use a date cell, or text like 2024-05-17, 2024-05-17T08:30 (Beijing time) or 2024-05-17T00:30:00Z");
      }
      return parsed;
    });
  }

  private int revision() {
    Optional<CellValue> cell = row.cell(ImportColumn.REVISION);
    if (cell.isEmpty()) {
      return 1;
    }
    Optional<BigDecimal> number = cell.get() instanceof CellValue.Numeric n ? Optional.of(n.number())
        : cell.get() instanceof CellValue.Text t ? NumberText.parse(t.text()) : Optional.empty();
    if (number.isPresent() && number.get().stripTrailingZeros().scale() <= 0 && number.get().signum() > 0
        && number.get().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
      return number.get().intValueExact();
    }
    error(ImportColumn.REVISION.header(), ImportReason.NOT_A_REVISION,
        cell.get().describe() + " is not a revision: 1 for a first report, 2, 3, ... for each correction");
    return 1;
  }

  private void error(String field, Enum<?> reason, String detail) {
    errors.add(RowError.of(row.file(), row.number(), field, reason, detail));
  }

  /** A text field's content, whatever the cell's type: an event id may be a number. */
  private static String asText(CellValue cell) {
    if (cell instanceof CellValue.Text text) {
      return text.text();
    }
    if (cell instanceof CellValue.Numeric numeric) {
      return numeric.number().toPlainString();
    }
    return ((CellValue.DateTime) cell).dateTime().toString();
  }
}
