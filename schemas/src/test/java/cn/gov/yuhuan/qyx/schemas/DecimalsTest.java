package cn.gov.yuhuan.qyx.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  @Test
  void shouldBringAWholeNumberToTheContractScale() {
    assertThat(Decimals.atScale("value", new BigDecimal("187"))).isEqualTo(new BigDecimal("187.0000"));
  }

  @Test
  void shouldKeepAPercentageExactly() {
    assertThat(Decimals.atScale("value", new BigDecimal("94.4"))).isEqualTo(new BigDecimal("94.4000"));
  }

  @Test
  void shouldRefuseToRoundAValueWithMoreThanFourDecimalPlaces() {
    assertThatThrownBy(() -> Decimals.atScale("numerator", new BigDecimal("1.23456")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("numerator 1.23456 has more than 4 decimal places");
  }

  @Test
  void shouldLeaveAMissingValueMissing() {
    assertThat(Decimals.atScale("value", null)).isNull();
  }
}
