package cn.gov.yuhuan.qyx.office;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class TsvAndQuartersTest {
  @Test
  void shouldReadNullEscapesAndArraysAsClickHouseWritesThemInTsv() {
    assertThat(Tsv.text("\\N")).isNull();
    assertThat(Tsv.text("a\\tb\\\\c")).isEqualTo("a\tb\\c");
    assertThat(Tsv.strings("[]")).isEmpty();
    assertThat(Tsv.strings("['市教育局','市民政局']")).containsExactly("市教育局", "市民政局");
    assertThat(Tsv.strings("['a,b','c']")).containsExactly("a,b", "c");
    assertThat(Tsv.decimal("12.5000")).isEqualByComparingTo("12.5");
  }

  @Test
  void shouldQuoteALiteralSoThatAQuoteCannotEndIt() {
    assertThat(Tsv.literal("x' OR 1=1 --")).isEqualTo("'x\\' OR 1=1 --'");
    assertThat(Tsv.literal("a\\b")).isEqualTo("'a\\\\b'");
  }

  @Test
  void shouldNameQuartersAsTheOfficeDoes() {
    assertThat(Quarters.parseEnd("2024-Q2")).isEqualTo(LocalDate.of(2024, 6, 30));
    assertThat(Quarters.end(LocalDate.of(2024, 2, 29))).isEqualTo(LocalDate.of(2024, 3, 31));
    assertThat(Quarters.chinese(LocalDate.of(2024, 12, 31))).isEqualTo("2024年第四季度");
    assertThat(Quarters.isQuarterEnd(LocalDate.of(2024, 9, 30))).isTrue();
    assertThat(Quarters.isQuarterEnd(LocalDate.of(2024, 9, 29))).isFalse();
    assertThatThrownBy(() -> Quarters.parseEnd("2024Q5")).isInstanceOf(DateTimeParseException.class);
  }

  @Test
  void shouldSayWhyAnAlertIsMutedInTheOfficesWords() {
    assertThat(AlertStates.mutedLabel("silence S-2024-001")).isEqualTo("已静默（豁免 S-2024-001）");
    assertThat(AlertStates.mutedLabel("inhibited by OVERDUE")).isEqualTo("因逾期未报而抑制");
    assertThat(AlertStates.mutedLabel(null)).isNull();
  }
}
