package cn.gov.yuhuan.qyx.catalog;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period as reports write it: {@code 2024} (year), {@code 2024-Q2} (quarter),
 * {@code 2024-05} (month), {@code 2024-W23} (ISO week) or {@code 2024-05-17} (day).
 *
 * @param text the period as written
 * @param granularity what kind of period it is
 * @param start its first day
 * @param end its last day
 */
public record Period(String text, Granularity granularity, LocalDate start, LocalDate end) {
  /** How long a period is. */
  public enum Granularity { YEAR, QUARTER, MONTH, WEEK, DAY }

  private static final Pattern YEAR = Pattern.compile("(\\d{4})");
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
  private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** The period {@code text} denotes, or empty if it is none of the five forms. */
  public static Optional<Period> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      Matcher m;
      if ((m = YEAR.matcher(text)).matches()) {
        int year = Integer.parseInt(m.group(1));
        return Optional.of(new Period(text, Granularity.YEAR, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)));
      }
      if ((m = QUARTER.matcher(text)).matches()) {
        int year = Integer.parseInt(m.group(1));
        int quarter = Integer.parseInt(m.group(2));
        LocalDate start = LocalDate.of(year, 3 * quarter - 2, 1);
        return Optional.of(new Period(text, Granularity.QUARTER, start, start.plusMonths(3).minusDays(1)));
      }
      if ((m = MONTH.matcher(text)).matches()) {
        YearMonth month = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        return Optional.of(new Period(text, Granularity.MONTH, month.atDay(1), month.atEndOfMonth()));
      }
      if ((m = WEEK.matcher(text)).matches()) {
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        LocalDate anyDayInWeek1 = LocalDate.of(year, 1, 4); // ISO: week 1 holds January 4th
        if (week < 1 || week > anyDayInWeek1.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
          return Optional.empty();
        }
        LocalDate monday = anyDayInWeek1.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return Optional.of(new Period(text, Granularity.WEEK, monday, monday.plusDays(6)));
      }
      if (DAY.matcher(text).matches()) {
        LocalDate day = LocalDate.parse(text);
        return Optional.of(new Period(text, Granularity.DAY, day, day));
      }
    } catch (java.time.DateTimeException e) {
      return Optional.empty(); // 2024-13, 2024-02-30: looks like a period, is none
    }
    return Optional.empty();
  }
}
