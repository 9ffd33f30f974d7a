package cn.gov.yuhuan.qyx.producers.importer;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** A number typed as text: {@code 12}, {@code 94.4}, {@code １２}, {@code 1,234.5}. */
final class NumberText {
  /** Thousands separators only where they cannot mean anything else. */
  private static final Pattern GROUPED = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
  private static final Pattern PLAIN = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private NumberText() {}

  /** The number {@code text} states, or empty if it states none. */
  static Optional<BigDecimal> parse(String text) {
    String s = Texts.halfWidth(text);
    if (GROUPED.matcher(s).matches()) {
      s = s.replace(",", "");
    }
    return PLAIN.matcher(s).matches() ? Optional.of(new BigDecimal(s)) : Optional.empty();
  }

  /** Whether {@code text} is a percentage like {@code 94.4%}, which the import does not guess at. */
  static boolean isPercentage(String text) {
    String s = Texts.halfWidth(text);
    return s.endsWith("%") && parse(s.substring(0, s.length() - 1).strip()).isPresent();
  }
}
