package cn.gov.yuhuan.qyx.office;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** ClickHouse's TabSeparated values as Java ones: {@code \N} is null, escapes undone, arrays split. */
final class Tsv {
  private Tsv() {}

  static String text(String field) {
    if (field == null || field.equals("\\N")) {
      return null;
    }
    if (field.indexOf('\\') < 0) {
      return field;
    }
    var out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char next = field.charAt(++i);
        out.append(switch (next) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case '0' -> '\0';
          default -> next;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static BigDecimal decimal(String field) {
    String text = text(field);
    return text == null ? null : new BigDecimal(text);
  }

  static int integer(String field) {
    return Integer.parseInt(field);
  }

  /** An Array(String) as ClickHouse prints it in TSV: {@code ['a','b']}, quotes escaped with a backslash. */
  static List<String> strings(String field) {
    String text = text(field);
    List<String> items = new ArrayList<>();
    if (text == null || text.length() <= 2) {
      return items;
    }
    var item = new StringBuilder();
    boolean quoted = false;
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == '\\' && quoted && i + 1 < text.length() - 1) {
        item.append(text.charAt(++i));
      } else if (c == '\'') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        items.add(item.toString());
        item.setLength(0);
      } else {
        item.append(c);
      }
    }
    items.add(item.toString());
    return items;
  }

  /** A string as a ClickHouse literal: quoted, with backslashes and quotes escaped. */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
