package cn.gov.yuhuan.qyx.producers.demo;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small, realistic batch: January–June 2024 monthly reports of six COUNT targets of the plan
 * from the ten townships, with one re-sent report and one correction, as unit systems send them.
 * Deterministic, so the expected totals can be checked against what lands in ClickHouse.
 */
public final class DemoBatch {
  /** A COUNT target of the 2024 plan, with the unit that reports it. */
  public record Target(String indicatorId, String name, int annualTarget, String reportingUnit) {}

  public static final List<Target> TARGETS = List.of(
      new Target("health.aed_installed", "公共场所新增配置自动体外除颤仪(AED)", 187, "市卫生健康局"),
      new Target("health.first_aid_trained", "培训应急救护人员", 935, "市卫生健康局"),
      new Target("health.sports_facilities", "新建基层体育场地设施", 14, "市卫生健康局"),
      new Target("elderly.meal_points", "新增老年助餐服务点", 39, "市民政局"),
      new Target("housing.rental_units", "建设筹集保障性租赁住房(套/间)", 1790, "市住建局"),
      new Target("housing.elevators", "新增完工住宅加装电梯", 15, "市住建局"));

  public static final List<String> TOWNSHIPS = List.of(
      "YUCHENG", "KANMEN", "DAMAIYU", "CHUMEN", "QINGGANG", "LUPU", "SHAMEN", "LONGXI", "GANJIANG", "HAISHAN");

  private static final int MONTHS = 6;

  private final List<ProgressReport> reports = new ArrayList<>();
  private final Map<String, BigDecimal> expectedTotals = new LinkedHashMap<>();

  private DemoBatch(long seed) {
    var random = new Random(seed);
    for (Target target : TARGETS) {
      // Between 40% and 60% of the year's target by the end of June, spread unevenly.
      int halfYear = (int) Math.round(target.annualTarget() * (0.4 + 0.2 * random.nextDouble()));
      int[] values = apportion(halfYear, MONTHS * TOWNSHIPS.size(), random);
      int cell = 0;
      for (int month = 1; month <= MONTHS; month++) {
        for (String area : TOWNSHIPS) {
          String period = String.format("2024-%02d", month);
          reports.add(report(target, area, period, values[cell++], 1, null, reportedAt(month)));
        }
      }
      expectedTotals.put(target.indicatorId(), BigDecimal.valueOf(halfYear));
    }
    // A unit system re-sends a report it is unsure went through: the same event changes nothing.
    reports.add(reports.get(7));
    // 市住建局 corrects KANMEN's March rental units: revision 2 replaces revision 1.
    Target housing = TARGETS.get(4);
    ProgressReport wrong = reports.stream()
        .filter(r -> r.getIndicatorId().equals(housing.indicatorId()) && r.getAreaCode().equals("KANMEN") && r.getPeriod().equals("2024-03"))
        .findFirst().orElseThrow();
    int corrected = wrong.getValue().intValue() + 12;
    reports.add(report(housing, "KANMEN", "2024-03", corrected, 2, "补录漏报的12套", reportedAt(4)));
    expectedTotals.merge(housing.indicatorId(), BigDecimal.valueOf(12), BigDecimal::add);
  }

  /** Splits {@code total} into {@code cells} whole numbers with random weights; they add up exactly. */
  private static int[] apportion(int total, int cells, Random random) {
    double[] weights = new double[cells];
    double sum = 0;
    for (int i = 0; i < cells; i++) {
      weights[i] = 0.2 + random.nextDouble();
      sum += weights[i];
    }
    int[] values = new int[cells];
    double[] remainders = new double[cells];
    int given = 0;
    for (int i = 0; i < cells; i++) {
      double exact = total * weights[i] / sum;
      values[i] = (int) Math.floor(exact);
      remainders[i] = exact - values[i];
      given += values[i];
    }
    // Largest remainders first get the units left over.
    Integer[] order = new Integer[cells];
    for (int i = 0; i < cells; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(remainders[b], remainders[a]));
    for (int i = 0; i < total - given; i++) {
      values[order[i]]++;
    }
    return values;
  }

  public static DemoBatch generate(long seed) {
    return new DemoBatch(seed);
  }

  public List<ProgressReport> reports() {
    return List.copyOf(reports);
  }

  /** The city-wide total each indicator must show once every report has landed. */
  public Map<String, BigDecimal> expectedTotals() {
    return Map.copyOf(expectedTotals);
  }

  private static Instant reportedAt(int month) {
    // Units report on the 5th of the following month.
    return LocalDate.of(2024, month, 1).plusMonths(1).withDayOfMonth(5).atTime(9, 0).toInstant(ZoneOffset.ofHours(8));
  }

  private static ProgressReport report(Target target, String area, String period, int value, int revision, String reason, Instant at) {
    return ProgressReport.newBuilder()
        .setEventId(target.indicatorId() + "/" + area + "/" + period + "/r" + revision)
        .setIndicatorId(target.indicatorId())
        .setAreaCode(area)
        .setPeriod(period)
        .setReportingUnit(target.reportingUnit())
        .setValue(Decimals.atScale("value", BigDecimal.valueOf(value)))
        .setRevision(revision)
        .setCorrectionReason(reason)
        .setReportedAt(at)
        .build();
  }
}
