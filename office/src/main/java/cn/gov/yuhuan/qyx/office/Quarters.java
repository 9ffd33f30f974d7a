package cn.gov.yuhuan.qyx.office;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Quarters as the office names them: 2024-Q2 ends on 2024-06-30. */
final class Quarters {
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

  private Quarters() {}

  /** The last day of the quarter {@code date} falls in. */
  static LocalDate end(LocalDate date) {
    int quarter = (date.getMonthValue() - 1) / 3 + 1;
    return LocalDate.of(date.getYear(), quarter * 3, 1).plusMonths(1).minusDays(1);
  }

  /** The last day of a quarter written {@code 2024-Q2}. */
  static LocalDate parseEnd(String quarter) {
    Matcher m = QUARTER.matcher(quarter.trim());
    if (!m.matches()) {
      throw new DateTimeParseException("not a quarter like 2024-Q2: " + quarter, quarter, 0);
    }
    return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) * 3, 1).plusMonths(1).minusDays(1);
  }

  /** E.g. 2024年第二季度 for any day of April to June 2024. */
  static String chinese(LocalDate date) {
    return date.getYear() + "年第" + "一二三四".charAt((date.getMonthValue() - 1) / 3) + "季度";
  }

  static boolean isQuarterEnd(LocalDate date) {
    return end(date).equals(date);
  }
}
