package cn.gov.yuhuan.qyx.schemas;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The scale of every decimal in the Avro contracts. Avro's decimal encoding refuses a
 * {@link BigDecimal} of any other scale, so values are brought to it before they are sent.
 */
public final class Decimals {
  /** Digits after the point in every decimal field ({@code "scale": 4} in the schemas). */
  public static final int SCALE = 4;

  private Decimals() {}

  /**
   * {@code value} at {@link #SCALE}; null stays null.
   *
   * @throws IllegalArgumentException if the value has more than {@link #SCALE} decimal places
   */
  public static BigDecimal atScale(String field, BigDecimal value) {
    if (value == null) {
      return null;
    }
    try {
      return value.setScale(SCALE, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(field + " " + value.toPlainString() + " has more than " + SCALE + " decimal places");
    }
  }
}
