package cn.gov.yuhuan.qyx.producers.importer;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date or date-time typed as text: an ISO instant ({@code 2024-05-17T08:30:00Z}, or with an offset),
 * an ISO local date-time ({@code 2024-05-17T08:30}, also with a space for the T) or a date
 * ({@code 2024-05-17}, the start of that day). A CSV saved by Chinese Excel writes dates as it shows
 * them ({@code 2024/5/17 8:30}), so slashes and one-digit months, days and hours are read too: with
 * the year first they are unambiguous.
 */
final class DateText {
  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})"
          + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
          + "\\s*(Z|[+-]\\d{2}:?\\d{2})?");
  private static final Pattern SLASHED_DATE = Pattern.compile("\\d{4}/\\d{1,2}/\\d{1,2}");

  private DateText() {}

  /** The instant {@code text} states, local times read in {@code zone}; empty if it is no date. */
  static Optional<Instant> parse(String text, ZoneId zone) {
    Matcher m = DATE_TIME.matcher(Texts.halfWidth(text));
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      LocalDateTime local = LocalDateTime.of(number(m.group(1)), number(m.group(2)), number(m.group(3)),
          number(m.group(4)), number(m.group(5)), number(m.group(6)), nanos(m.group(7)));
      ZoneId at = m.group(8) == null ? zone : ZoneOffset.of(m.group(8));
      return Optional.of(local.atZone(at).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty(); // 2024-02-30, 25:00: shaped like a date, is none
    }
  }

  /** Whether {@code text} is a date written with slashes, as a spreadsheet writes one it made. */
  static boolean isSlashedDate(String text) {
    return SLASHED_DATE.matcher(Texts.halfWidth(text)).matches();
  }

  private static int number(String group) {
    return group == null ? 0 : Integer.parseInt(group);
  }

  private static int nanos(String fraction) {
    return fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
  }
}
