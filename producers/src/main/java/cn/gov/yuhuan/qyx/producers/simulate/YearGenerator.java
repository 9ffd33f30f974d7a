package cn.gov.yuhuan.qyx.producers.simulate;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.catalog.status.Targets;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.AreaLevel;
import cn.gov.yuhuan.qyx.reference.AreaScope;
import cn.gov.yuhuan.qyx.reference.Cadence;
import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.reference.Measure;
import cn.gov.yuhuan.qyx.reference.TrajectoryKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes the plan year as the units would report it: for every indicator and every area its scope
 * allows, a report per period at the indicator's cadence, with late reports, corrections,
 * retractions, re-sent events and bad records mixed in. Pure: the seed decides everything, and each
 * indicator draws from its own random stream, so one indicator's reports do not move when another
 * changes. Floating point only shapes the simulated figures; every figure sent is an exact decimal.
 */
final class YearGenerator {
  private static final ZoneId ZONE = ReportRules.PLAN_ZONE;

  // How units behave, per first report of a data value.
  /** Reported some days after the unit's habitual day, still within the grace days. */
  static final double LATE = 0.10;
  /** Reported after the grace days: the status turns OVERDUE until it arrives. */
  static final double OVERDUE = 0.035;
  /** Corrected later by a revision 2 (and of those, some again by a revision 3). */
  static final double CORRECTED = 0.045;
  static final double CORRECTED_AGAIN = 0.15;
  /** Withdrawn later. */
  static final double RETRACTED = 0.005;
  /** Of every good send: re-sent unchanged, minutes to two days later. */
  static final double DUPLICATED = 0.02;
  /** A report whose day falls on a weekend usually waits for Monday. */
  private static final double WEEKEND_OFF = 0.85;

  /** Units in which a figure has two decimals (公里, 亿元, ...); otherwise a whole target counts whole things. */
  private static final Set<String> FRACTIONAL_UNITS = Set.of("公里", "小时", "%", "平方米", "亿元", "万人");

  private static final List<String> COUNT_CORRECTIONS = List.of("补录漏报", "数据核对更正", "重复统计剔除", "录入错误更正");
  private static final List<String> FIGURE_CORRECTIONS = List.of("数据核对更正", "统计口径调整", "乡镇复核后更正", "录入错误更正");
  private static final List<String> RETRACTIONS = List.of("重复上报,撤回", "误报,撤回", "报送区域错误,撤回");

  private final Catalog catalog;
  private final int planYear;
  private final long seed;
  private final ReferenceData reference;
  private final List<Send> sends = new ArrayList<>();
  /** The first reports, in generation order: what the bad records are garbled copies of. */
  private final List<Send.Good> firsts = new ArrayList<>();
  private final Map<String, Pace> paces = new HashMap<>();
  /** Every unit reports within its grace days: no report is overdue. */
  private final boolean punctual;

  YearGenerator(Catalog catalog, int planYear, long seed, boolean punctual) {
    this.catalog = catalog;
    this.planYear = planYear;
    this.seed = seed;
    this.punctual = punctual;
    this.reference = ReferenceData.of(catalog);
    assignPaces();
  }

  /** How far along an indicator ends the year: a few far behind, some lagging, a few ahead. */
  enum Pace {
    FAR_BEHIND(0.30, 0.55, 0.75, 0.85),
    LAGGING(0.65, 0.85, 0.88, 0.95),
    ON_TRACK(1.00, 1.06, 1.00, 1.03),
    AHEAD(1.10, 1.30, 1.03, 1.08);

    private final double from;
    private final double to;
    private final double ratioFrom;
    private final double ratioTo;

    Pace(double from, double to, double ratioFrom, double ratioTo) {
      this.from = from;
      this.to = to;
      this.ratioFrom = ratioFrom;
      this.ratioTo = ratioTo;
    }

    /** On track or ahead: it reaches its target, and its path keeps up with its trajectory. */
    boolean keepsUp() {
      return this == ON_TRACK || this == AHEAD;
    }

    /** Share of the target delivered by year end (COUNT, LEVEL). */
    double share(SplittableRandom rng) {
      return uniform(rng, from, to);
    }

    /** Share of the target rate reached by year end (RATIO, capped at 100%). */
    double ratioShare(SplittableRandom rng) {
      return uniform(rng, ratioFrom, ratioTo);
    }
  }

  // Per family of indicators (sums and stocks, ratios, milestones), the share of each that ends the
  // year far behind, lagging or ahead (at least one of each), so every family has some of each
  // however large the catalog grows.
  static final double FAR_BEHIND = 0.04;
  static final double LAGGING = 0.09;
  static final double AHEAD = 0.04;

  private void assignPaces() {
    Map<String, List<String>> families = new java.util.TreeMap<>();
    for (IndicatorDefinition indicator : catalog.indicators(planYear)) {
      String family = Targets.isMonitored(indicator) ? "monitored" : switch (indicator.getKind()) {
        case COUNT, LEVEL -> "amounts";
        case RATIO -> "ratios";
        default -> "milestones";
      };
      families.computeIfAbsent(family, f -> new ArrayList<>()).add(indicator.getId());
    }
    SplittableRandom rng = random("paces");
    for (List<String> ids : families.values()) {
      for (int i = ids.size() - 1; i > 0; i--) { // Fisher–Yates
        int j = rng.nextInt(i + 1);
        ids.set(j, ids.set(i, ids.get(j)));
      }
      int farBehind = (int) Math.ceil(ids.size() * FAR_BEHIND);
      int lagging = farBehind + (int) Math.ceil(ids.size() * LAGGING);
      int ahead = lagging + (int) Math.ceil(ids.size() * AHEAD);
      for (int i = 0; i < ids.size(); i++) {
        Pace pace = i < farBehind ? Pace.FAR_BEHIND : i < lagging ? Pace.LAGGING : i < ahead ? Pace.AHEAD : Pace.ON_TRACK;
        paces.put(ids.get(i), pace);
      }
    }
  }

  Pace pace(String indicatorId) {
    return paces.get(indicatorId);
  }

  /** The whole plan year (reports made up to the last overdue one, in the next year), in send order. */
  List<Send> generate(BigDecimal badShare) {
    for (IndicatorDefinition indicator : catalog.indicators(planYear)) {
      new IndicatorYear(indicator, random("indicator:" + indicator.getId())).generate();
    }
    int good = sends.size();
    long bad = badShare.multiply(BigDecimal.valueOf(good))
        .divide(BigDecimal.ONE.subtract(badShare), 0, RoundingMode.HALF_UP).longValueExact();
    var badRecords = new BadRecords(catalog, planYear, random("bad"), goodEventIds());
    for (long i = 0; i < bad; i++) {
      sends.add(badRecords.next(firsts));
    }
    selfCheck();
    List<Send> ordered = new ArrayList<>(sends);
    ordered.sort(Comparator.comparing(Send::sentAt)); // stable: ties keep generation order
    return ordered;
  }

  private Set<String> goodEventIds() {
    Set<String> ids = new HashSet<>();
    for (Send send : sends) {
      ids.add(((Send.Good) send).report().getEventId());
    }
    return ids;
  }

  /** A bug here would send the pipeline bad data as good, or good as bad: refuse to. */
  private void selfCheck() {
    for (Send send : sends) {
      if (send instanceof Send.Good good) {
        ReportRules.check(good.report(), reference).rejection().ifPresent(r -> {
          throw new IllegalStateException("simulated good report " + good.report().getEventId() + " fails: " + r);
        });
      } else if (send instanceof Send.Bad bad) {
        var reason = ReportRules.check(bad.report(), reference).rejection().map(r -> r.reason()).orElse(null);
        if (reason != bad.reason()) {
          throw new IllegalStateException("simulated bad report " + bad.report() + " should fail with " + bad.reason() + ", not " + reason);
        }
      }
    }
  }

  /** A random stream of its own for {@code key}, from the seed (FNV-1a over the seed and the key). */
  private SplittableRandom random(String key) {
    long hash = 0xcbf29ce484222325L ^ seed;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return new SplittableRandom(hash);
  }

  static double uniform(SplittableRandom rng, double from, double to) {
    return from + rng.nextDouble() * (to - from);
  }

  /** An instant in office hours (08:30–18:00, Yuhuan time) of {@code day}. */
  static Instant officeHours(LocalDate day, SplittableRandom rng) {
    return day.atTime(8, 30).plusSeconds(rng.nextInt(9 * 3600 + 1800)).atZone(ZONE).toInstant();
  }

  static LocalDate dayOf(Instant at) {
    return at.atZone(ZONE).toLocalDate();
  }

  /** One reporting period of an indicator, with the share of the year's plan due by its end. */
  private record Slot(String period, LocalDate start, LocalDate end, double progress) {}

  /** An area an indicator is reported for, by which unit, with its share of the work. */
  private record Area(String code, String unit, double share) {}

  /** What one report states. */
  private record Figure(BigDecimal value, BigDecimal numerator, BigDecimal denominator) {
    static Figure of(BigDecimal value) {
      return new Figure(value, null, null);
    }

    static Figure ratio(long numerator, long denominator) {
      return new Figure(null, BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator));
    }
  }

  /** One indicator's year. */
  private final class IndicatorYear {
    private final IndicatorDefinition indicator;
    private final SplittableRandom rng;
    private final Pace pace;
    private final int year;

    IndicatorYear(IndicatorDefinition indicator, SplittableRandom rng) {
      this.indicator = indicator;
      this.rng = rng;
      this.pace = paces.get(indicator.getId());
      this.year = planYear;
    }

    void generate() {
      List<Area> areas = areas();
      int[] habits = new int[areas.size()];
      for (int a = 0; a < areas.size(); a++) {
        habits[a] = switch (indicator.getCadence()) {
          case QUARTERLY -> rng.nextInt(3, 13);
          default -> rng.nextInt(1, 8);
        };
      }
      List<Slot> slots = slots();
      Figure[][] figures = Targets.isMonitored(indicator) ? monitored(slots) : switch (indicator.getKind()) {
        case COUNT -> counts(areas, slots);
        case LEVEL -> levels(areas, slots);
        case RATIO -> ratios(areas, slots);
        default -> milestones(areas, slots);
      };
      for (int s = 0; s < slots.size(); s++) {
        for (int a = 0; a < areas.size(); a++) {
          if (figures[a][s] != null) {
            report(areas.get(a), slots.get(s), figures[a][s], habits[a]);
          }
        }
      }
    }

    /** CITY for a city-only indicator; the townships, each with an uneven share, for the others. */
    private List<Area> areas() {
      AreaLevel level = indicator.getAreaScope() == AreaScope.CITY ? AreaLevel.CITY : AreaLevel.TOWNSHIP;
      List<AreaDefinition> inScope = catalog.areas().stream().filter(a -> a.getLevel() == level).toList();
      double[] weights = new double[inScope.size()];
      double sum = 0;
      for (int i = 0; i < weights.length; i++) {
        weights[i] = StrictMath.exp(uniform(rng, -0.9, 0.9));
        sum += weights[i];
      }
      List<Area> areas = new ArrayList<>();
      for (int i = 0; i < weights.length; i++) {
        AreaDefinition area = inScope.get(i);
        // A township that is itself a responsible unit (integration.elderly_child_scenes) reports its own figure.
        boolean ownUnit = indicator.getOtherUnits().contains(area.getName()) && catalog.unit(area.getName()).isPresent();
        areas.add(new Area(area.getCode(), ownUnit ? area.getName() : indicator.getLeadUnit(), weights[i] / sum));
      }
      return areas;
    }

    private List<Slot> slots() {
      List<Slot> slots = new ArrayList<>();
      switch (indicator.getCadence()) {
        case MONTHLY -> {
          for (int m = 1; m <= 12; m++) {
            LocalDate start = LocalDate.of(year, m, 1);
            slots.add(new Slot(String.format("%d-%02d", year, m), start, start.plusMonths(1).minusDays(1), progress(m)));
          }
        }
        case QUARTERLY -> {
          for (int q = 1; q <= 4; q++) {
            LocalDate start = LocalDate.of(year, 3 * q - 2, 1);
            slots.add(new Slot(year + "-Q" + q, start, start.plusMonths(3).minusDays(1), progress(3 * q)));
          }
        }
        case ANNUAL -> slots.add(new Slot(String.valueOf(year), LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), 1.0));
        default -> slots.addAll(onceSlots());
      }
      return slots;
    }

    /**
     * ONCE: a day. A milestone is reported on the day it is done, if it is done within the year;
     * before that, some units report "not yet" (0) at a quarter end. Anything else reports once.
     */
    private List<Slot> onceSlots() {
      List<Slot> slots = new ArrayList<>();
      LocalDate done = doneOn();
      if (indicator.getKind() == Kind.MILESTONE && !indicator.getStages().isEmpty()) {
        return stageSlots(done);
      }
      if (indicator.getKind() == Kind.MILESTONE) {
        for (int quarterEndMonth : new int[] {6, 9}) {
          LocalDate quarterEnd = LocalDate.of(year, quarterEndMonth, 1).plusMonths(1).minusDays(1);
          if ((done == null || done.isAfter(quarterEnd)) && rng.nextDouble() < 0.6) {
            slots.add(new Slot(quarterEnd.toString(), quarterEnd, quarterEnd, 0));
          }
        }
      }
      if (done != null) {
        slots.add(new Slot(done.toString(), done, done, 1));
      }
      return slots;
    }

    /**
     * A staged deliverable (启动;推进;完成): each stage reported on the day it is reached, evenly
     * spaced up to the day it is done; one lagging or far behind reaches all but the last by the
     * end of September. A slot's progress is the share of the stages reached.
     */
    private List<Slot> stageSlots(LocalDate done) {
      int stages = indicator.getStages().size();
      int reached = done != null ? stages : stages - 1;
      LocalDate from = LocalDate.of(year, 1, 1);
      LocalDate last = done != null ? done : LocalDate.of(year, 9, 30);
      long span = java.time.temporal.ChronoUnit.DAYS.between(from, last);
      List<Slot> slots = new ArrayList<>();
      LocalDate previous = from;
      for (int k = 1; k <= reached; k++) {
        LocalDate day = from.plusDays(span * k / reached);
        if (!day.isAfter(previous)) {
          day = previous.plusDays(1); // one period per day: two stages never share a day
        }
        slots.add(new Slot(day.toString(), day, day, k / (double) stages));
        previous = day;
      }
      return slots;
    }

    /** The day the work is done: drawn along the trajectory; never for a milestone far behind or lagging. */
    private LocalDate doneOn() {
      if (indicator.getKind() == Kind.MILESTONE && (pace == Pace.FAR_BEHIND || pace == Pace.LAGGING)) {
        return null;
      }
      double u = rng.nextDouble() * (pace == Pace.AHEAD ? 0.4 : 0.95);
      int month = 1;
      while (month < 12 && progress(month) < u) {
        month++;
      }
      LocalDate first = LocalDate.of(year, month, 1);
      LocalDate day = first.plusDays(rng.nextInt(first.lengthOfMonth()));
      return day.isAfter(indicator.getDeadline()) ? indicator.getDeadline() : day;
    }

    /** Share of the year's plan due by the end of {@code month}: linear, or the quarter-end fractions. */
    private double progress(int month) {
      List<BigDecimal> fractions = indicator.getQuarterFractions();
      if (fractions.size() != 4) {
        return month / 12.0;
      }
      int quarter = (month - 1) / 3;
      double before = quarter == 0 ? 0 : fractions.get(quarter - 1).doubleValue();
      double within = (month - 3 * quarter) / 3.0;
      return before + (fractions.get(quarter).doubleValue() - before) * within;
    }

    /** COUNT: the year's delivered units (target × pace) spread over periods and areas, so they add up exactly. */
    private Figure[][] counts(List<Area> areas, List<Slot> slots) {
      BigDecimal resolution = resolution();
      long units = Math.round(Math.ceil(indicator.getTarget().doubleValue() * pace.share(rng) / resolution.doubleValue()));
      double[] slotWeights = new double[slots.size()];
      double totalWeight = 0;
      for (int s = 0; s < slots.size(); s++) {
        double before = s == 0 ? 0 : slots.get(s - 1).progress();
        slotWeights[s] = Math.max(0.01, slots.get(s).progress() - before) * (pace.keepsUp() ? uniform(rng, 0.8, 1.2) : uniform(rng, 0.5, 1.5));
        totalWeight += slotWeights[s];
      }
      double[] areaWeights = areas.stream().mapToDouble(Area::share).toArray();
      long[][] delivered = new long[areas.size()][slots.size()];
      if (pace.keepsUp()) {
        // Delivered as planned: by each period's end, the share of the units its weights give, rounded up.
        double cumulative = 0;
        long placed = 0;
        for (int s = 0; s < slots.size(); s++) {
          cumulative += slotWeights[s];
          long by = Math.min(units, (long) Math.ceil(units * cumulative / totalWeight - 1e-9));
          for (; placed < by; placed++) {
            delivered[pick(areaWeights)][s]++;
          }
        }
      } else {
        for (long u = 0; u < units; u++) {
          delivered[pick(areaWeights)][pick(slotWeights)]++;
        }
      }
      Figure[][] figures = new Figure[areas.size()][slots.size()];
      for (int a = 0; a < areas.size(); a++) {
        for (int s = 0; s < slots.size(); s++) {
          figures[a][s] = Figure.of(resolution.multiply(BigDecimal.valueOf(delivered[a][s])));
        }
      }
      return figures;
    }

    /** LEVEL: a stock rising along the trajectory from where it stood towards target × pace. */
    private Figure[][] levels(List<Area> areas, List<Slot> slots) {
      BigDecimal resolution = resolution();
      double target = indicator.getTarget().doubleValue();
      double end = target * pace.share(rng);
      if (pace.keepsUp() && indicator.getDirection() == Direction.MORE_THAN) {
        end = Math.max(end, target + resolution.doubleValue()); // 超80家: 80 is not enough
      }
      if (pace.keepsUp() && indicator.getDirection() == Direction.BETWEEN) {
        end = Math.floor(uniform(rng, indicator.getTargetLow().doubleValue(), target)); // 2-5个: anywhere in the range, whole
      }
      boolean held = indicator.getTrajectory() == TrajectoryKind.HOLD;
      // Built up within the year, it starts at nothing; a stock (agencies, projects under way) stands already.
      double start = indicator.getMeasure() != Measure.LEVEL ? 0
          : held && pace.keepsUp() ? Math.max(target, end * 0.98)
          : target * Math.min(uniform(rng, 0.55, 0.85), end / target * 0.9);
      Figure[][] figures = new Figure[areas.size()][slots.size()];
      for (int a = 0; a < areas.size(); a++) {
        double previous = 0;
        double share = areas.get(a).share();
        for (int s = 0; s < slots.size(); s++) {
          double level = (start + (end - start) * slots.get(s).progress() + uniform(rng, -0.01, 0.01) * target) * share;
          level = Math.max(previous, Math.max(0, level));
          if (pace.keepsUp() && (held || s == slots.size() - 1)) {
            level = Math.max(level, end * share); // a line kept all year, a target reached at the end
          }
          if ("%".equals(indicator.getUnit())) {
            level = Math.min(100, level);
          }
          previous = level;
          boolean inRange = indicator.getDirection() == Direction.BETWEEN; // rounded up, a range's top could be passed
          figures[a][s] = Figure.of(pace.keepsUp() && !inRange ? upToResolution(level, resolution) : atResolution(level, resolution));
        }
      }
      return figures;
    }

    /**
     * RATIO: whole numerators over realistic denominators (hundreds to thousands; tens of thousands
     * of elderly for a per-10,000 rate). AT_LEAST approaches target × pace; an AT_MOST ceiling hovers
     * around it, above it when the indicator is behind.
     */
    private Figure[][] ratios(List<Area> areas, List<Slot> slots) {
      double scale = indicator.getScale() == null ? 1 : indicator.getScale().doubleValue();
      double target = indicator.getTarget().doubleValue() / scale;
      double base = scale >= 1000 ? uniform(rng, 60_000, 120_000) : StrictMath.exp(uniform(rng, StrictMath.log(150), StrictMath.log(4000)));
      boolean ceiling = indicator.getDirection() == Direction.AT_MOST;
      double end = Math.min(1, target * pace.ratioShare(rng));
      boolean held = Targets.trajectory(indicator) == TrajectoryKind.HOLD;
      // A share built up within the year (caregivers trained this year) starts at nothing; a standing share does not.
      double start = indicator.getMeasure() == Measure.ACCUMULATION ? 0
          : held && pace.keepsUp() ? end
          : held ? Math.min(end, target * uniform(rng, 0.93, 0.99))
          : Math.min(end, target * uniform(rng, 0.80, 0.95));
      double hover = target * switch (pace) {
        case ON_TRACK -> uniform(rng, 0.82, 0.98);
        case AHEAD -> uniform(rng, 0.70, 0.85);
        default -> uniform(rng, 1.02, 1.12);
      };
      Figure[][] figures = new Figure[areas.size()][slots.size()];
      for (int a = 0; a < areas.size(); a++) {
        double areaBase = Math.max(20, base * areas.get(a).share());
        double areaBias = areas.size() == 1 ? 1 : uniform(rng, 0.97, 1.03);
        for (int s = 0; s < slots.size(); s++) {
          long denominator = Math.max(1, Math.round(areaBase * (1 + 0.01 * s + uniform(rng, -0.02, 0.02))));
          double rate = ceiling
              ? hover * uniform(rng, 0.9, 1.1)
              : start + (end - start) * slots.get(s).progress() + uniform(rng, -0.005, 0.005) * target;
          rate = Math.max(0, Math.min(1, rate * areaBias));
          long numerator = Math.round(denominator * rate);
          if (!ceiling && pace.keepsUp() && (held || s == slots.size() - 1)) {
            // A floor kept all year, a target reached at the end: never a rounding under it.
            numerator = Math.max(numerator, (long) Math.ceil(denominator * Math.max(rate, target) - 1e-9));
          }
          if (ceiling && pace.keepsUp()) {
            numerator = Math.min(numerator, (long) Math.floor(denominator * target + 1e-9)); // kept under its ceiling
          }
          figures[a][s] = Figure.ratio(Math.min(denominator, numerator), denominator);
        }
      }
      return figures;
    }

    /**
     * A monitored goal (no target, a city figure): from a plausible start (a share of 55-85%, a
     * score of 75-90, a stock of 200-800), moving each period the way the plan asks when the
     * indicator keeps up (by 1-3%), against it when lagging or far behind, with a little noise.
     */
    private Figure[][] monitored(List<Slot> slots) {
      boolean ratio = indicator.getKind() == Kind.RATIO;
      boolean percent = "%".equals(indicator.getUnit());
      double value = percent ? uniform(rng, 55, 85) : "人".equals(indicator.getUnit()) ? uniform(rng, 200, 800) : uniform(rng, 75, 90);
      double better = indicator.getDirection() == Direction.AT_MOST ? -1 : 1;
      double drift = better * (pace.keepsUp() ? uniform(rng, 0.01, 0.03) : pace == Pace.LAGGING ? -0.015 : -0.03);
      BigDecimal resolution = ratio || percent ? new BigDecimal("0.01") : BigDecimal.ONE;
      double denominator = uniform(rng, 300, 3000);
      Figure[][] figures = new Figure[1][slots.size()];
      for (int s = 0; s < slots.size(); s++) {
        value = value * (1 + drift + uniform(rng, -0.002, 0.002));
        if (percent) {
          value = Math.max(1, Math.min(99.5, value));
        }
        long den = Math.round(denominator * (1 + 0.01 * s));
        figures[0][s] = ratio ? Figure.ratio(Math.min(den, Math.round(den * value / 100)), den) : Figure.of(atResolution(value, resolution));
      }
      return figures;
    }

    /** MILESTONE: 0 until the day it is done, 1 from then on; a staged one, the number of stages reached. */
    private Figure[][] milestones(List<Area> areas, List<Slot> slots) {
      LocalDate done = indicator.getCadence() == Cadence.ONCE ? null : doneOn();
      Figure[][] figures = new Figure[areas.size()][slots.size()];
      for (int a = 0; a < areas.size(); a++) {
        for (int s = 0; s < slots.size(); s++) {
          Slot slot = slots.get(s);
          boolean isDone = indicator.getCadence() == Cadence.ONCE ? slot.progress() >= 1 : done != null && !done.isAfter(slot.end());
          int stages = indicator.getStages().size();
          figures[a][s] = stages > 0
              ? Figure.of(BigDecimal.valueOf(Math.round(slot.progress() * stages))) // the stages reached
              : Figure.of(isDone ? BigDecimal.ONE : BigDecimal.ZERO);
        }
      }
      return figures;
    }

    private BigDecimal resolution() {
      boolean whole = indicator.getTarget().stripTrailingZeros().scale() <= 0;
      return whole && !FRACTIONAL_UNITS.contains(indicator.getUnit()) ? BigDecimal.ONE : new BigDecimal("0.01");
    }

    private int pick(double[] weights) {
      double sum = 0;
      for (double w : weights) {
        sum += w;
      }
      double u = rng.nextDouble() * sum;
      for (int i = 0; i < weights.length - 1; i++) {
        u -= weights[i];
        if (u < 0) {
          return i;
        }
      }
      return weights.length - 1;
    }

    /** The first report of a data value; then perhaps a correction or a retraction. */
    private void report(Area area, Slot slot, Figure figure, int habit) {
      Instant at = officeHours(reportDay(slot, habit), rng);
      ProgressReport first = build(area, slot, figure, at, 1, null);
      var sent = good(at, first, Send.Role.FIRST);
      firsts.add(sent);
      if (indicator.getKind() == Kind.MILESTONE || (indicator.getKind() == Kind.COUNT && figure.value().signum() == 0)) {
        return; // a milestone is reported when done, and nobody revisits a month with nothing delivered
      }
      double r = rng.nextDouble();
      if (r < CORRECTED) {
        LocalDate day = dayOf(at).plusDays(rng.nextInt(1, 26));
        // A unit on track corrects what it missed (more delivered, a share under-counted); others either way.
        String reason = pace.keepsUp() ? pickOne(List.of("补录漏报", "数据核对更正"))
            : pickOne(indicator.getKind() == Kind.COUNT ? COUNT_CORRECTIONS : FIGURE_CORRECTIONS);
        Figure corrected = corrected(figure, reason);
        Instant correctedAt = officeHours(day, rng);
        good(correctedAt, build(area, slot, corrected, correctedAt, 2, reason), Send.Role.CORRECTION);
        if (rng.nextDouble() < CORRECTED_AGAIN) {
          Instant againAt = officeHours(day.plusDays(rng.nextInt(1, 16)), rng);
          good(againAt, build(area, slot, corrected(corrected, "数据核对更正"), againAt, 3, "再次核对更正"), Send.Role.CORRECTION);
        }
      } else if (r < CORRECTED + RETRACTED && !punctual) { // a withdrawal leaves its period unreported: overdue
        Instant retractedAt = officeHours(dayOf(at).plusDays(rng.nextInt(1, 11)), rng);
        ProgressReport retraction = Reports.retraction(indicator.getId(), area.code(), slot.period(), 2)
            .reportingUnit(area.unit()).correctionReason(pickOne(RETRACTIONS)).reportedAt(retractedAt).build();
        good(retractedAt, retraction, Send.Role.RETRACTION);
      }
    }

    /**
     * The day the report is made: the unit's habitual day after the period closes (the last days of
     * December for a year's figure, a few days after the day for a ONCE report), some days later
     * now and then, after the grace days sometimes, and mostly not on a weekend.
     */
    private LocalDate reportDay(Slot slot, int habit) {
      LocalDate closes = slot.end();
      LocalDate habitual = switch (indicator.getCadence()) {
        case ANNUAL -> closes.minusDays(rng.nextInt(0, 13));
        case ONCE -> slot.start().plusDays(rng.nextInt(0, 8));
        default -> closes.plusDays(habit);
      };
      LocalDate graceEnds = closes.plusDays(indicator.getGraceDays());
      double r = rng.nextDouble();
      LocalDate day;
      if (r < OVERDUE) {
        day = graceEnds.plusDays(rng.nextInt(1, 26));
      } else if (r < OVERDUE + LATE) {
        LocalDate late = habitual.plusDays(rng.nextInt(2, 10));
        day = late.isAfter(graceEnds) ? graceEnds : late;
      } else {
        day = habitual;
      }
      if (day.getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue() && rng.nextDouble() < WEEKEND_OFF) {
        day = day.plusDays(8 - day.getDayOfWeek().getValue());
      }
      if (punctual && day.isAfter(graceEnds)) {
        day = graceEnds; // the draw above is kept, so a punctual year sends the same figures as the usual one
      }
      return day.isBefore(slot.start()) ? slot.start() : day;
    }

    /** The figure a correction gives instead: a few units more (补录漏报), fewer, or either way. */
    private Figure corrected(Figure figure, String reason) {
      if (figure.numerator() != null) {
        long denominator = figure.denominator().longValueExact();
        if ("统计口径调整".equals(reason)) {
          denominator = Math.max(1, denominator + rng.nextInt(-3, 4) * Math.max(1, denominator / 100));
        }
        long step = rng.nextInt(1, (int) Math.max(2, denominator / 50 + 1));
        boolean up = rng.nextBoolean();
        if (pace.keepsUp()) {
          up = indicator.getDirection() != Direction.AT_MOST; // on track: towards the target's side of the line
        }
        long numerator = figure.numerator().longValueExact() + (up ? step : -step);
        numerator = Math.max(0, Math.min(denominator, numerator));
        return Figure.ratio(numerator, denominator);
      }
      BigDecimal resolution = resolution();
      BigDecimal value = figure.value();
      long units = value.divide(resolution, 0, RoundingMode.HALF_UP).longValueExact();
      long step = rng.nextInt(1, (int) Math.max(2, units / 5 + 1));
      long changed = switch (reason) {
        case "补录漏报" -> units + step;
        case "重复统计剔除" -> units - step;
        default -> rng.nextBoolean() && !pace.keepsUp() ? units - step : units + step;
      };
      if (pace.keepsUp() && indicator.getDirection() == Direction.AT_MOST) {
        changed = units - step; // on track under a ceiling (or a goal of less): a correction takes off what was counted twice
      }
      if (changed < 0) {
        changed = units + step;
      }
      BigDecimal result = resolution.multiply(BigDecimal.valueOf(changed));
      if (pace.keepsUp() && indicator.getDirection() == Direction.BETWEEN) {
        // On track within a range (2-5个): a correction stays in it.
        BigDecimal high = indicator.getTarget();
        BigDecimal low = indicator.getTargetLow();
        result = result.min(high).max(low);
      }
      if ("%".equals(indicator.getUnit()) && result.compareTo(BigDecimal.valueOf(100)) > 0) {
        result = BigDecimal.valueOf(100);
      }
      return Figure.of(result);
    }

    private ProgressReport build(Area area, Slot slot, Figure figure, Instant at, int revision, String reason) {
      Reports.Builder builder = figure.numerator() != null
          ? Reports.ratio(indicator.getId(), area.code(), slot.period(), figure.numerator().toPlainString(), figure.denominator().toPlainString())
          : Reports.value(indicator.getId(), area.code(), slot.period(), figure.value());
      return builder.reportingUnit(area.unit()).correction(revision, reason).reportedAt(at).build();
    }

    private Send.Good good(Instant at, ProgressReport report, Send.Role role) {
      var sent = new Send.Good(at, report, role);
      sends.add(sent);
      if (rng.nextDouble() < DUPLICATED) {
        // The unit system was unsure the first send went through.
        sends.add(new Send.Good(at.plusSeconds(rng.nextInt(60, 48 * 3600)), report, Send.Role.DUPLICATE));
      }
      return sent;
    }

    private String pickOne(List<String> options) {
      return options.get(rng.nextInt(options.size()));
    }
  }

  private static BigDecimal atResolution(double value, BigDecimal resolution) {
    return resolution.multiply(BigDecimal.valueOf(Math.round(value / resolution.doubleValue())));
  }

  /** At the resolution, rounded up: a figure kept at or above a line is never rounded under it. */
  private static BigDecimal upToResolution(double value, BigDecimal resolution) {
    return resolution.multiply(BigDecimal.valueOf((long) Math.ceil(value / resolution.doubleValue() - 1e-9)));
  }
}
