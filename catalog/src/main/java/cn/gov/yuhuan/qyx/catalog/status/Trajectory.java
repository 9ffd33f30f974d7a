package cn.gov.yuhuan.qyx.catalog.status;

import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.TrajectoryKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * 时序进度: the share of an indicator's target expected by an as-of date (DESIGN §5), by the
 * indicator's {@link TrajectoryKind}: LINEAR is the share of the plan year elapsed; HOLD the whole
 * target from the first day; QUARTERS the catalog's quarter-end shares joined by straight lines
 * from 0 at the start of the year; STEPS each quarter-end share from that quarter's end on (a batch
 * lands at once); YEAR_END the whole target, judged only from the deadline (see {@link StatusRules}).
 */
public final class Trajectory {
  private static final MathContext PRECISION = MathContext.DECIMAL64;

  private Trajectory() {}

  /** In 0..1: how much of the way from baseline to target should be done by the end of {@code asOf}. */
  public static BigDecimal expectedShare(IndicatorDefinition indicator, LocalDate asOf) {
    LocalDate start = LocalDate.of(indicator.getDeadline().getYear(), 1, 1);
    TrajectoryKind kind = Targets.trajectory(indicator);
    if (kind == TrajectoryKind.HOLD || kind == TrajectoryKind.YEAR_END) {
      return BigDecimal.ONE;
    }
    if (kind == TrajectoryKind.STEPS) {
      return step(indicator, start, asOf);
    }
    List<LocalDate> ends = new ArrayList<>();
    List<BigDecimal> shares = new ArrayList<>();
    if (kind == TrajectoryKind.LINEAR || indicator.getQuarterFractions().isEmpty()) {
      ends.add(indicator.getDeadline());
      shares.add(BigDecimal.ONE);
    } else {
      for (int quarter = 1; quarter <= 4; quarter++) {
        LocalDate quarterEnd = start.plusMonths(3L * quarter).minusDays(1);
        ends.add(quarter == 4 || quarterEnd.isAfter(indicator.getDeadline()) ? indicator.getDeadline() : quarterEnd);
        shares.add(indicator.getQuarterFractions().get(quarter - 1));
      }
    }
    LocalDate segmentStart = start;
    BigDecimal segmentFrom = BigDecimal.ZERO;
    for (int i = 0; i < ends.size(); i++) {
      LocalDate segmentEnd = ends.get(i);
      if (!asOf.isAfter(segmentEnd)) {
        if (asOf.isBefore(segmentStart)) {
          return segmentFrom;
        }
        // Days count whole: by the end of the as-of day, that day is gone too.
        BigDecimal elapsed = BigDecimal.valueOf(ChronoUnit.DAYS.between(segmentStart, asOf) + 1);
        BigDecimal length = BigDecimal.valueOf(ChronoUnit.DAYS.between(segmentStart, segmentEnd) + 1);
        return segmentFrom.add(shares.get(i).subtract(segmentFrom).multiply(elapsed).divide(length, PRECISION));
      }
      segmentStart = segmentEnd.plusDays(1);
      segmentFrom = shares.get(i);
    }
    return BigDecimal.ONE;
  }

  /** The share of the last quarter that has ended by {@code asOf} (the deadline ends the fourth), 0 before the first. */
  private static BigDecimal step(IndicatorDefinition indicator, LocalDate start, LocalDate asOf) {
    BigDecimal share = BigDecimal.ZERO;
    for (int quarter = 1; quarter <= indicator.getQuarterFractions().size(); quarter++) {
      LocalDate quarterEnd = start.plusMonths(3L * quarter).minusDays(1);
      LocalDate end = quarter == 4 || quarterEnd.isAfter(indicator.getDeadline()) ? indicator.getDeadline() : quarterEnd;
      if (!asOf.isBefore(end)) {
        share = indicator.getQuarterFractions().get(quarter - 1);
      }
    }
    return share;
  }

  /** The value expected by {@code asOf}: baseline + share × (target − baseline), at four places. */
  public static BigDecimal expectedValue(IndicatorDefinition indicator, LocalDate asOf) {
    BigDecimal baseline = indicator.getBaseline() == null ? BigDecimal.ZERO : indicator.getBaseline();
    return baseline.add(expectedShare(indicator, asOf).multiply(indicator.getTarget().subtract(baseline)))
        .setScale(4, RoundingMode.HALF_UP);
  }
}
