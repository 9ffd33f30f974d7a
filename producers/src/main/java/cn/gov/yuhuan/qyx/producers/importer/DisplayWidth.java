package cn.gov.yuhuan.qyx.producers.importer;

/**
 * How many terminal columns text takes: two for a Chinese character (East Asian Wide and Fullwidth),
 * none for a combining mark, one otherwise. Enough to align a table of Chinese unit names.
 */
final class DisplayWidth {
  private DisplayWidth() {}

  static int of(String text) {
    return text.codePoints().map(DisplayWidth::columns).sum();
  }

  /** {@code text} followed by spaces up to {@code width} columns. */
  static String padRight(String text, int width) {
    return text + " ".repeat(Math.max(0, width - of(text)));
  }

  /** Spaces, then {@code text}, up to {@code width} columns. */
  static String padLeft(String text, int width) {
    return " ".repeat(Math.max(0, width - of(text))) + text;
  }

  private static int columns(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
      return 0;
    }
    return isWide(cp) ? 2 : 1;
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F) // Hangul Jamo
        || (cp >= 0x2E80 && cp <= 0x303E) // CJK radicals, punctuation
        || (cp >= 0x3041 && cp <= 0x33FF) // kana, CJK symbols
        || (cp >= 0x3400 && cp <= 0x4DBF) // CJK extension A
        || (cp >= 0x4E00 && cp <= 0x9FFF) // CJK unified ideographs
        || (cp >= 0xA000 && cp <= 0xA4CF) // Yi
        || (cp >= 0xAC00 && cp <= 0xD7A3) // Hangul syllables
        || (cp >= 0xF900 && cp <= 0xFAFF) // CJK compatibility ideographs
        || (cp >= 0xFE30 && cp <= 0xFE4F) // CJK compatibility forms
        || (cp >= 0xFF00 && cp <= 0xFF60) // fullwidth forms
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x1F300 && cp <= 0x1F64F) // emoji
        || (cp >= 0x20000 && cp <= 0x3FFFD); // CJK extensions B and beyond
  }
}
