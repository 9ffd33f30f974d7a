package cn.gov.yuhuan.qyx.producers.importer;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * A filled cell as the file holds it. A CSV file has only text; an xlsx cell may also be a number
 * or a date, and the row parser must know which to say what is wrong with it. Blank cells are
 * absent.
 */
public sealed interface CellValue {
  /** How the cell reads in an error detail. */
  String describe();

  /** Text, trimmed and never blank. */
  record Text(String text) implements CellValue {
    @Override
    public String describe() {
      return "'" + text + "'";
    }
  }

  /**
   * A number cell.
   *
   * @param number its value, to the 15 significant digits Excel keeps
   * @param percentFormat whether the cell shows the number times 100 with a % sign
   */
  record Numeric(BigDecimal number, boolean percentFormat) implements CellValue {
    @Override
    public String describe() {
      return percentFormat
          ? "the number " + number.toPlainString() + " (shown as " + number.movePointRight(2).stripTrailingZeros().toPlainString() + "%)"
          : "the number " + number.toPlainString();
    }
  }

  /** A number cell formatted as a date or time, in the sheet's (local) time. */
  record DateTime(LocalDateTime dateTime) implements CellValue {
    @Override
    public String describe() {
      return dateTime.toLocalTime().equals(LocalTime.MIDNIGHT)
          ? "the date " + dateTime.toLocalDate()
          : "the date-time " + dateTime;
    }
  }
}
