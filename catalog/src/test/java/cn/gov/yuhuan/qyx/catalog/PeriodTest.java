package cn.gov.yuhuan.qyx.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Period.Granularity;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodTest {
  @ParameterizedTest(name = "{0} is a {1} from {2} to {3}")
  @CsvSource({
      "2024,       YEAR,    2024-01-01, 2024-12-31",
      "2024-Q2,    QUARTER, 2024-04-01, 2024-06-30",
      "2024-Q4,    QUARTER, 2024-10-01, 2024-12-31",
      "2024-02,    MONTH,   2024-02-01, 2024-02-29",
      "2024-W01,   WEEK,    2024-01-01, 2024-01-07",
      "2024-W23,   WEEK,    2024-06-03, 2024-06-09",
      "2024-05-17, DAY,     2024-05-17, 2024-05-17"})
  void shouldReadEachPeriodForm(String text, Granularity granularity, LocalDate start, LocalDate end) {
    assertThat(Period.parse(text)).hasValue(new Period(text, granularity, start, end));
  }

  @ParameterizedTest(name = "{0} is no period")
  @ValueSource(strings = {"", "24-05", "2024-13", "2024-Q5", "2024-W54", "2024-02-30", "May 2024", "2024-5"})
  void shouldRefuseWhatIsNoPeriod(String text) {
    assertThat(Period.parse(text)).isEmpty();
  }
}
