package cn.gov.yuhuan.qyx.catalog.status;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TrajectoryTest {
  private static final Catalog PLAN = Catalog.load(Path.of("data"));
  private static final IndicatorDefinition AED = PLAN.indicator("health.aed_installed").orElseThrow();              // LINEAR, 187
  private static final IndicatorDefinition OLD_ESTATES = PLAN.indicator("housing.old_estates_renovated").orElseThrow(); // Q1=0.1;Q2=0.3;Q3=0.6;Q4=1
  private static final IndicatorDefinition KINDERGARTENS = PLAN.indicator("education.graded_kindergartens").orElseThrow(); // STEPS Q4=1
  private static final IndicatorDefinition PLACEMENT = PLAN.indicator("education.disabled_placement_compulsory").orElseThrow(); // HOLD

  @Test
  void shouldExpectTheShareOfTheYearGoneOnALinearTrajectory() {
    // 2024 has 366 days; by the end of 30 June, 182 are gone.
    assertThat(Trajectory.expectedShare(AED, LocalDate.of(2024, 6, 30))).isEqualByComparingTo(
        java.math.BigDecimal.valueOf(182).divide(java.math.BigDecimal.valueOf(366), java.math.MathContext.DECIMAL64));
    assertThat(Trajectory.expectedValue(AED, LocalDate.of(2024, 6, 30))).isEqualByComparingTo("92.9891");   // 187 × 182 / 366 = 92.98907
  }

  @Test
  void shouldExpectNothingBeforeTheYearAndEverythingFromTheDeadline() {
    assertThat(Trajectory.expectedShare(AED, LocalDate.of(2023, 12, 31))).isEqualByComparingTo("0");
    assertThat(Trajectory.expectedShare(AED, LocalDate.of(2024, 12, 31))).isEqualByComparingTo("1");
    assertThat(Trajectory.expectedShare(AED, LocalDate.of(2025, 3, 1))).isEqualByComparingTo("1");
  }

  @Test
  void shouldMeetEachQuarterEndFractionExactly() {
    assertThat(Trajectory.expectedShare(OLD_ESTATES, LocalDate.of(2024, 3, 31))).isEqualByComparingTo("0.1");
    assertThat(Trajectory.expectedShare(OLD_ESTATES, LocalDate.of(2024, 6, 30))).isEqualByComparingTo("0.3");
    assertThat(Trajectory.expectedShare(OLD_ESTATES, LocalDate.of(2024, 9, 30))).isEqualByComparingTo("0.6");
    assertThat(Trajectory.expectedShare(OLD_ESTATES, LocalDate.of(2024, 12, 31))).isEqualByComparingTo("1");
  }

  @Test
  void shouldRunStraightBetweenQuarterEnds() {
    // Halfway through Q3 (46 of 92 days): 0.3 + (0.6 − 0.3) × 46 / 92 = 0.45.
    assertThat(Trajectory.expectedShare(OLD_ESTATES, LocalDate.of(2024, 8, 15))).isEqualByComparingTo("0.45");
  }

  @Test
  void shouldExpectAStepOnlyFromItsQuarterEnd() {
    assertThat(Trajectory.expectedShare(KINDERGARTENS, LocalDate.of(2024, 12, 30))).isEqualByComparingTo("0");
    assertThat(Trajectory.expectedShare(KINDERGARTENS, LocalDate.of(2024, 12, 31))).isEqualByComparingTo("1");
  }

  @Test
  void shouldExpectTheWholeOfAHeldTargetFromTheFirstDay() {
    assertThat(Trajectory.expectedValue(PLACEMENT, LocalDate.of(2024, 1, 1))).isEqualByComparingTo("99");
    assertThat(Trajectory.expectedValue(PLACEMENT, LocalDate.of(2024, 7, 1))).isEqualByComparingTo("99");
  }
}
