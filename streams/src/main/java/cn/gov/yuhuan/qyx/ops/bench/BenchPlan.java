package cn.gov.yuhuan.qyx.ops.bench;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The benchmark's synthetic plan and its year of reports: {@code indicators} monthly township
 * indicators (COUNT, LEVEL and RATIO in turn) over {@code areas} areas, every data value reported
 * {@code revisions} times. The reports go revision by revision (every first report of the year,
 * then every correction), so corrections are interleaved across data values, as a load of
 * corrections is. The last revision of each data value stands, so what every indicator must show
 * follows from the plan by plain arithmetic, worked out here independently of the pipeline.
 */
public record BenchPlan(int indicators, int areas, int revisions) {
  static final int MONTHS = 12;
  static final String UNIT = "基准测试单位";
  /** The bench unit's account: its reports go to its topic, as a unit's system sends them. */
  public static final String ACCOUNT = "bench";
  static final String DOMAIN = "BENCH";
  /** Every report is made after the year it reports on, so none is for a period in its future. */
  private static final Instant REPORTED_AT = Instant.parse("2025-01-05T02:00:00Z");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** The kinds in turn; a RATIO is a percentage (scale 100). */
  enum Kind { COUNT, LEVEL, RATIO }

  public BenchPlan {
    if (indicators < 1 || areas < 1 || revisions < 1) {
      throw new IllegalArgumentException("a bench needs at least one indicator, area and revision");
    }
  }

  /** The plan closest to {@code reports} reports of {@code revisions} revisions over {@code areas} areas. */
  public static BenchPlan forReports(long reports, int revisions, int areas) {
    long perIndicator = (long) revisions * MONTHS * areas;
    return new BenchPlan((int) Math.max(1, Math.round((double) reports / perIndicator)), areas, revisions);
  }

  public long reports() {
    return (long) indicators * areas * MONTHS * revisions;
  }

  public long dataValues() {
    return (long) indicators * areas * MONTHS;
  }

  static String indicatorId(int i) {
    return String.format("bench.i%03d", i);
  }

  /** Indicators of the warm-up load, which the figures leave out: three of each kind. */
  static final int WARMUP_INDICATORS = 3;

  static String warmupId(int w) {
    return String.format("bench.w%03d", w);
  }

  /**
   * The warm-up load: reports of the warm-up indicators over every area and month, revision after
   * revision until there are about {@code target} of them (at least one revision), sent and landed
   * before anything is measured, so that the JIT compilers of every JVM have done most of their
   * work and the rates are those of a running pipeline.
   */
  public List<ProgressReport> warmupReports(long target) {
    long perRevision = (long) WARMUP_INDICATORS * areas * MONTHS;
    long revisions = Math.max(1, (target + perRevision - 1) / perRevision);
    List<ProgressReport> reports = new ArrayList<>();
    for (int revision = 1; revision <= revisions; revision++) {
      for (int month = 1; month <= MONTHS; month++) {
        for (int w = 0; w < WARMUP_INDICATORS; w++) {
          for (int a = 0; a < areas; a++) {
            reports.add(ProgressReport.newBuilder(report(w, a, month, revision))
                .setEventId("warmup-" + w + "-" + a + "-" + month + "-" + revision).setIndicatorId(warmupId(w)).build());
          }
        }
      }
    }
    return reports;
  }

  static String areaCode(int a) {
    return String.format("A%04d", a);
  }

  static Kind kind(int i) {
    return Kind.values()[i % Kind.values().length];
  }

  /** Writes the plan as catalog files ({@code catalog/data/README.md} explains each column) into {@code dir}. */
  public void writeCatalog(Path dir) {
    List<String> indicatorRows = new ArrayList<>(List.of(
        "plan_year,id,effective_from,domain,name,kind,measure,direction,target,target_low,unit,scale,baseline,lead_unit,other_units,area_scope,deadline,trajectory,firmness,cadence,grace_days,stages,source"));
    for (int i = 0; i < indicators + WARMUP_INDICATORS; i++) {
      Kind kind = i < indicators ? kind(i) : kind(i - indicators);
      String id = i < indicators ? indicatorId(i) : warmupId(i - indicators);
      String target = switch (kind) {
        case COUNT -> "1000000";
        case LEVEL -> "100000";
        case RATIO -> "90";
      };
      indicatorRows.add(String.join(",", "2024", id, "", DOMAIN, "基准测试指标" + i, kind.name(), kind == Kind.COUNT ? "" : "ACCUMULATION", "AT_LEAST", target, "",
          kind == Kind.RATIO ? "%" : "个", kind == Kind.RATIO ? "100" : "", "", UNIT, "", "TOWNSHIP", "2024-12-31", "LINEAR", "FIRM",
          "MONTHLY", "10", "", "基准测试"));
    }
    List<String> areaRows = new ArrayList<>(List.of("code,name,level", "CITY,全市,CITY"));
    for (int a = 0; a < areas; a++) {
      areaRows.add(areaCode(a) + ",基准区域" + a + ",TOWNSHIP");
    }
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("indicators.csv"), indicatorRows, StandardCharsets.UTF_8);
      Files.write(dir.resolve("areas.csv"), areaRows, StandardCharsets.UTF_8);
      Files.write(dir.resolve("units.csv"), List.of("code,name,account", UNIT + "," + UNIT + "," + ACCOUNT), StandardCharsets.UTF_8);
      Files.write(dir.resolve("domains.csv"), List.of("code,name,lead_unit", DOMAIN + ",基准测试," + UNIT), StandardCharsets.UTF_8);
      Files.write(dir.resolve("plan.csv"), List.of("year,title", "2024,基准测试"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bench catalog to " + dir, e);
    }
  }

  /** Every report of the year, first revisions first, in the order they are sent. */
  public Iterator<ProgressReport> reportsInOrder() {
    return new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < reports();
      }

      @Override
      public ProgressReport next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long n = next++;
        int area = (int) (n % areas);
        int indicator = (int) (n / areas % indicators);
        int month = (int) (n / areas / indicators % MONTHS) + 1;
        int revision = (int) (n / dataValues()) + 1;
        return report(indicator, area, month, revision);
      }
    };
  }

  public ProgressReport report(int i, int a, int month, int revision) {
    var report = ProgressReport.newBuilder()
        .setEventId("bench-" + i + "-" + a + "-" + month + "-" + revision)
        .setIndicatorId(indicatorId(i))
        .setAreaCode(areaCode(a))
        .setPeriod(String.format("2024-%02d", month))
        .setReportingUnit(UNIT)
        .setRevision(revision)
        .setCorrectionReason(revision > 1 ? "基准测试更正" : null)
        .setReportedAt(REPORTED_AT.plusSeconds(revision));
    if (kind(i) == Kind.RATIO) {
      report.setNumerator(decimal(numerator(i, a, month, revision))).setDenominator(decimal(denominator(a)));
    } else {
      report.setValue(decimal(value(i, a, month, revision)));
    }
    return report.build();
  }

  /** A COUNT's or LEVEL's value: small, different per data value and per revision. */
  static long value(int i, int a, int month, int revision) {
    return (i * 31L + a * 7L + month * 3L + revision * 11L) % 50;
  }

  static long denominator(int a) {
    return 100 + a % 50;
  }

  static long numerator(int i, int a, int month, int revision) {
    return (i + a * 3L + month + revision * 5L) % denominator(a);
  }

  /**
   * What the indicator must show once every report has landed: COUNT the sum over areas and months,
   * LEVEL the sum over areas of December's value, RATIO Σ December's numerators / Σ denominators × 100.
   */
  public BigDecimal expectedActual(int i) {
    long sum = 0;
    long denominators = 0;
    for (int a = 0; a < areas; a++) {
      switch (kind(i)) {
        case COUNT -> {
          for (int month = 1; month <= MONTHS; month++) {
            sum += value(i, a, month, revisions);
          }
        }
        case LEVEL -> sum += value(i, a, MONTHS, revisions);
        case RATIO -> {
          sum += numerator(i, a, MONTHS, revisions);
          denominators += denominator(a);
        }
      }
    }
    BigDecimal actual = kind(i) == Kind.RATIO
        ? BigDecimal.valueOf(sum).multiply(HUNDRED).divide(BigDecimal.valueOf(denominators), Decimals.SCALE, RoundingMode.HALF_UP)
        : BigDecimal.valueOf(sum);
    return actual.setScale(Decimals.SCALE, RoundingMode.HALF_UP);
  }

  /**
   * The latency probes' data value of indicator {@code i} (its first area's December), reported
   * again as revision {@code revision} with {@code value}.
   */
  public ProgressReport probeReport(int i, int revision, long value) {
    return ProgressReport.newBuilder(report(i, 0, MONTHS, revision)).setValue(decimal(value)).build();
  }

  /** What indicator {@code i} shows without its probe data value's figure: add a probe's value to get the total. */
  public BigDecimal actualBesidesProbe(int i) {
    return expectedActual(i).subtract(BigDecimal.valueOf(value(i, 0, MONTHS, revisions)));
  }

  private static BigDecimal decimal(long value) {
    return BigDecimal.valueOf(value).setScale(Decimals.SCALE);
  }
}
