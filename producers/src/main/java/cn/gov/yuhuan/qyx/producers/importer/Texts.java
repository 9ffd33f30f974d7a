package cn.gov.yuhuan.qyx.producers.importer;

import java.text.Normalizer;

/** Cleaning of cell text as spreadsheets leave it. */
final class Texts {
  private Texts() {}

  /**
   * {@code text} without the blanks around it, counting the ones {@link String#strip()} keeps:
   * no-break spaces, byte order marks and zero-width spaces, which Excel and WPS leave in cells.
   */
  static String clean(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isBlank(text.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  /**
   * Full-width digits and punctuation (２０２４－０５, typed with a Chinese input method) as their
   * ASCII forms, for cells that hold numbers, dates and periods.
   */
  static String halfWidth(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC);
  }

  /** {@code text} on one line, for the error table. */
  static String oneLine(String text) {
    return text.replaceAll("\\R", " ");
  }

  private static boolean isBlank(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF' || c == '\u200B';
  }
}
