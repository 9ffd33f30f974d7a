package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.catalog.status.Ramp;
import cn.gov.yuhuan.qyx.catalog.status.Targets;
import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.AreaLevel;
import cn.gov.yuhuan.qyx.reference.AreaScope;
import cn.gov.yuhuan.qyx.reference.Cadence;
import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.DomainDefinition;
import cn.gov.yuhuan.qyx.reference.Firmness;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.reference.Measure;
import cn.gov.yuhuan.qyx.reference.TrajectoryKind;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Parses the catalog files and checks them, within each file and across files. */
final class CatalogReader {
  static final String PLAN = "plan.csv";
  static final String UNITS = "units.csv";
  static final String AREAS = "areas.csv";
  static final String DOMAINS = "domains.csv";
  static final String INDICATORS = "indicators.csv";

  static final List<String> PLAN_COLUMNS = List.of("year", "title");
  static final List<String> UNIT_COLUMNS = List.of("code", "name", "account");
  static final List<String> AREA_COLUMNS = List.of("code", "name", "level");
  static final List<String> DOMAIN_COLUMNS = List.of("code", "name", "lead_unit");
  static final List<String> INDICATOR_COLUMNS = List.of("plan_year", "id", "effective_from", "domain", "name", "kind", "measure", "direction", "target", "target_low", "unit",
      "scale", "baseline", "lead_unit", "other_units", "area_scope", "deadline", "trajectory", "firmness", "cadence", "grace_days",
      "stages", "source");

  private static final Pattern INDICATOR_ID = Pattern.compile("[a-z]+\\.[a-z0-9_]+");
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern QUARTER_FRACTION = Pattern.compile("Q([1-4])=(.+)");
  private static final String STEPS_PREFIX = "STEPS ";
  /** Due at its deadline and not before: the catalog's word for STEPS Q1=0;Q2=0;Q3=0;Q4=1. */
  static final String AT_DEADLINE = "AT_DEADLINE";
  private static final List<BigDecimal> AT_DEADLINE_SHARES = List.of(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE)
      .stream().map(share -> share.setScale(Decimals.SCALE)).toList();
  /** Wording of a floor or ceiling held all year. */
  private static final Pattern HELD_ALL_YEAR = Pattern.compile("保持|均达到|不少于|不低于");
  /** Wording of a goal stated by direction only: monitored, with no target. */
  private static final Pattern MONITORED_WORDING = Pattern.compile("提升|提高|减少|满意度");
  static final String MONITORED = "MONITORED";
  /** Wording of an aim rather than a commitment. */
  private static final Pattern STRETCH_WORDING = Pattern.compile("力争|争创|争取|努力");
  /** 超80家: more than, not at least. */
  private static final Pattern MORE_THAN_WORDING = Pattern.compile("超\\d");

  private final Path dir;
  private final List<CatalogError> errors = new ArrayList<>();

  CatalogReader(Path dir) {
    this.dir = dir;
  }

  Catalog read() {
    Map<Integer, String> plans = new LinkedHashMap<>();
    eachRow(PLAN, PLAN_COLUMNS, row -> {
      int year = row.integer("year");
      if (year < 2000 || year > 2999) {
        row.error("year", "'" + row.text("year") + "' is not a plan year like 2024");
      } else if (plans.putIfAbsent(year, row.text("title")) != null) {
        row.error("year", year + " appears twice");
      }
    });
    Map<String, UnitDefinition> units = new LinkedHashMap<>();
    Map<String, String> accounts = new HashMap<>();
    eachRow(UNITS, UNIT_COLUMNS, row -> {
      String account = row.text("account");
      if (!UnitAccounts.isValid(account)) {
        row.error("account", "'" + account + "' is not an account name: " + UnitAccounts.RULE);
      } else if (accounts.putIfAbsent(account, row.text("code")) != null) {
        row.error("account", "'" + account + "' is already the account of " + accounts.get(account));
      }
      putUnique(units, row, "code", new UnitDefinition(row.text("code"), row.text("name"), account));
    });
    Map<String, AreaDefinition> areas = new LinkedHashMap<>();
    eachRow(AREAS, AREA_COLUMNS, row -> {
      var area = new AreaDefinition(code(row, "code"), row.text("name"), row.symbol("level", AreaLevel.class));
      putUnique(areas, row, "code", area);
    });
    if (areas.values().stream().filter(a -> a.getLevel() == AreaLevel.CITY).count() != 1 && errors.isEmpty()) {
      errors.add(new CatalogError(AREAS, 1, "level", "exactly one area must have level CITY"));
    }
    Map<String, DomainDefinition> domains = new LinkedHashMap<>();
    eachRow(DOMAINS, DOMAIN_COLUMNS, row -> {
      var domain = new DomainDefinition(code(row, "code"), row.text("name"), knownUnit(row, "lead_unit", row.text("lead_unit"), units));
      putUnique(domains, row, "code", domain);
    });
    Map<String, IndicatorDefinition> editions = new LinkedHashMap<>();
    Map<String, CsvRow> rows = new LinkedHashMap<>();
    eachRow(INDICATORS, INDICATOR_COLUMNS, row -> {
      IndicatorDefinition edition = indicator(row, domains, units, plans.keySet());
      String key = PlanKeys.edition(edition.getId(), edition.getPlanYear(), edition.getEffectiveFrom());
      if (!edition.getId().isEmpty() && editions.putIfAbsent(key, edition) != null) {
        row.error("id", "'" + edition.getId() + "' appears twice in plan " + edition.getPlanYear()
            + (edition.getEffectiveFrom() == null ? " without an effective_from" : " with effective_from " + edition.getEffectiveFrom()));
      }
      rows.put(key, row);
    });
    checkEditions(editions, rows);
    checkLevelStarts(editions, rows);
    if (!errors.isEmpty()) {
      throw new CatalogException(errors);
    }
    return new Catalog(plans, List.copyOf(editions.values()), domains, areas, units);
  }

  /**
   * A later edition revises how an indicator is judged (its target, range, direction, trajectory,
   * firmness, units responsible, deadline, grace); what a report means (kind, unit, scale, cadence,
   * area scope) stays, or the values already counted would be read as something else. Each plan
   * indicator has exactly one first edition, without an effective date.
   */
  private void checkEditions(Map<String, IndicatorDefinition> editions, Map<String, CsvRow> rows) {
    Map<String, IndicatorDefinition> first = new LinkedHashMap<>();
    editions.forEach((key, e) -> {
      if (e.getEffectiveFrom() == null) {
        first.put(PlanKeys.planIndicator(e.getId(), e.getPlanYear()), e);
      }
    });
    editions.forEach((key, e) -> {
      if (e.getEffectiveFrom() == null || e.getId().isEmpty()) {
        return;
      }
      CsvRow row = rows.get(key);
      IndicatorDefinition base = first.get(PlanKeys.planIndicator(e.getId(), e.getPlanYear()));
      if (base == null) {
        row.error("effective_from", "'" + e.getId() + "' has no first edition in plan " + e.getPlanYear()
            + " (a row with the same id and plan_year and an empty effective_from) for this one to revise");
        return;
      }
      for (String field : List.of("kind", "unit", "scale", "cadence", "area_scope")) {
        if (!java.util.Objects.equals(base.get(field), e.get(field))) {
          row.error(field, "an edition cannot change what a report means: " + field + " is " + base.get(field)
              + " in the first edition of " + e.getId() + " and " + e.get(field) + " here; a new meaning is a new indicator id");
        }
      }
    });
  }

  /**
   * A level that ramps needs a start: its baseline, or the same indicator in the plan year before
   * (whose final actual it starts from). With neither it is a year figure, and the row must say so
   * (YEAR_END), or a ramp from zero would call a share of 92% on track in spring.
   */
  private static void checkLevelStarts(Map<String, IndicatorDefinition> editions, Map<String, CsvRow> rows) {
    java.util.Set<String> planIndicators = new java.util.HashSet<>();
    editions.values().forEach(e -> planIndicators.add(PlanKeys.planIndicator(e.getId(), e.getPlanYear())));
    editions.forEach((key, e) -> {
      if (e.getMeasure() == Measure.LEVEL && Ramp.ramps(Targets.trajectory(e)) && e.getBaseline() == null
          && !planIndicators.contains(PlanKeys.planIndicator(e.getId(), e.getPlanYear() - 1))) {
        rows.get(key).error("trajectory", "a LEVEL that ramps needs a start: a baseline, or the same id in plan " + (e.getPlanYear() - 1)
            + " (its final actual); with neither it is judged as a year figure: YEAR_END, or HOLD for a line held all year");
      }
    });
  }

  private IndicatorDefinition indicator(CsvRow row, Map<String, DomainDefinition> domains, Map<String, UnitDefinition> units,
      java.util.Set<Integer> planYears) {
    int planYear = row.integer("plan_year");
    if (!planYears.contains(planYear)) {
      row.error("plan_year", "'" + row.text("plan_year") + "' is not a year of " + PLAN + " " + planYears);
    }
    LocalDate planStart = Catalog.planStart(Math.max(planYear, 1));
    LocalDate effectiveFrom = row.optional("effective_from").isEmpty() ? null : row.date("effective_from");
    if (effectiveFrom != null && effectiveFrom != LocalDate.MIN
        && (!effectiveFrom.isAfter(planStart) || effectiveFrom.getYear() != planStart.getYear())) {
      row.error("effective_from", effectiveFrom + " must be a day of plan year " + planYear + " after 1 January"
          + " (the first edition, with an empty effective_from, judges from the start)");
    }
    String id = row.text("id");
    if (!id.isEmpty() && !INDICATOR_ID.matcher(id).matches()) {
      row.error("id", "'" + id + "' must look like domain.snake_case, e.g. health.aed_installed");
    }
    String domain = row.text("domain");
    if (!domain.isEmpty() && !domains.containsKey(domain)) {
      row.error("domain", "'" + domain + "' is not in " + DOMAINS);
    }
    Kind kind = row.symbol("kind", Kind.class);
    Measure measure = measure(row, kind);
    boolean monitored = row.text("trajectory").equals(MONITORED);
    BigDecimal target = monitored ? monitoredTarget(row) : row.decimal("target");
    if (target.signum() < 0) {
      row.error("target", "must not be negative");
    }
    List<String> stages = row.list("stages");
    if (!stages.isEmpty() && kind != Kind.MILESTONE) {
      row.error("stages", "only a MILESTONE has stages");
    } else if (stages.size() == 1) {
      row.error("stages", "a staged deliverable has at least two stages (e.g. 启动;推进;完成); leave it empty for one step");
    } else if (kind == Kind.MILESTONE && target.compareTo(BigDecimal.valueOf(Math.max(stages.size(), 1))) != 0) {
      row.error("target", stages.isEmpty() ? "a MILESTONE's target is 1 (done)"
          : "a staged MILESTONE's target is its number of stages, " + stages.size());
    }
    BigDecimal scale = row.optionalDecimal("scale").orElse(null);
    if (kind == Kind.RATIO && scale == null) {
      row.error("scale", "a RATIO needs the factor from numerator/denominator to its unit (100 for %)");
    }
    if (kind != Kind.RATIO && kind != Kind.UNKNOWN && scale != null) {
      row.error("scale", "only a RATIO has a scale");
    }
    Cadence cadence = row.symbol("cadence", Cadence.class);
    if ((kind == Kind.MILESTONE) != (cadence == Cadence.ONCE) && kind != Kind.UNKNOWN && cadence != Cadence.UNKNOWN) {
      row.error("cadence", "a MILESTONE is reported ONCE, and only a MILESTONE is");
    }
    LocalDate deadline = row.date("deadline");
    if (!deadline.equals(LocalDate.MIN) && (deadline.isBefore(planStart) || deadline.getYear() != planStart.getYear())) {
      row.error("deadline", deadline + " is outside the plan year " + planStart.getYear());
    }
    int graceDays = row.integer("grace_days");
    if (graceDays < 0) {
      row.error("grace_days", "must not be negative");
    }
    List<String> others = row.list("other_units");
    others.forEach(u -> knownUnit(row, "other_units", u, units));
    // Several lead units (联合牵头): the first is the one notices go to, all count in the leagues.
    List<String> leads = row.list("lead_unit");
    leads.forEach(u -> knownUnit(row, "lead_unit", u, units));
    if (leads.stream().anyMatch(others::contains)) {
      row.error("other_units", "names a unit that is also a lead unit");
    }
    if (leads.stream().distinct().count() != leads.size()) {
      row.error("lead_unit", "names a unit twice");
    }
    Direction direction = row.symbol("direction", Direction.class);
    BigDecimal targetLow = row.optionalDecimal("target_low").orElse(null);
    Trajectory trajectory = trajectory(row);
    Firmness firmness = row.symbol("firmness", Firmness.class);
    if (firmness == Firmness.UNKNOWN && row.text("firmness").isEmpty()) {
      row.error("firmness", "must be FIRM or STRETCH (力争, 争创, 争取, 努力)");
    }
    checkWording(row, direction, targetLow, target, trajectory.kind(), firmness);
    AreaScope scope = row.symbol("area_scope", AreaScope.class);
    checkCourse(row, kind, measure, stages, trajectory, scope);
    if (monitored) {
      checkMonitored(row, kind, direction, scope);
    }
    return IndicatorDefinition.newBuilder()
        .setPlanYear(planYear)
        .setEffectiveFrom(effectiveFrom == LocalDate.MIN ? null : effectiveFrom)
        .setId(id)
        .setDomain(domain)
        .setName(row.text("name"))
        .setKind(kind)
        .setMeasure(measure)
        .setDirection(direction)
        .setTarget(atScale(row, "target", target))
        .setTargetLow(targetLow == null ? null : atScale(row, "target_low", targetLow))
        .setUnit(row.text("unit"))
        .setScale(scale == null ? null : atScale(row, "scale", scale))
        .setBaseline(row.optionalDecimal("baseline").map(b -> atScale(row, "baseline", b)).orElse(null))
        .setLeadUnit(leads.isEmpty() ? row.text("lead_unit") : leads.get(0))
        .setJointLeadUnits(leads.size() > 1 ? List.copyOf(leads.subList(1, leads.size())) : List.of())
        .setStages(stages)
        .setOtherUnits(others)
        .setAreaScope(scope)
        .setDeadline(deadline.equals(LocalDate.MIN) ? LocalDate.of(1970, 1, 1) : deadline)
        .setQuarterFractions(trajectory.fractions())
        .setTrajectory(trajectory.kind())
        .setFirmness(firmness)
        .setCadence(cadence)
        .setGraceDays(graceDays)
        .setSource(row.text("source"))
        .build();
  }

  /** A trajectory cell: its kind and, for QUARTERS and STEPS, the four quarter-end shares. */
  private record Trajectory(TrajectoryKind kind, List<BigDecimal> fractions) {}

  /**
   * {@code LINEAR}, {@code HOLD}, {@code YEAR_END}, quarter-end shares joined by straight lines
   * {@code Q1=a;Q2=b;Q3=c;Q4=1}, or shares that hold from each quarter's end {@code STEPS Q1=a;...;Q4=1}.
   */
  private Trajectory trajectory(CsvRow row) {
    String text = row.text("trajectory");
    switch (text) {
      case "", "LINEAR" -> {
        return new Trajectory(TrajectoryKind.LINEAR, List.of());
      }
      case "HOLD" -> {
        return new Trajectory(TrajectoryKind.HOLD, List.of());
      }
      case "YEAR_END" -> {
        return new Trajectory(TrajectoryKind.YEAR_END, List.of());
      }
      case MONITORED -> {
        return new Trajectory(TrajectoryKind.MONITORED, List.of());
      }
      case AT_DEADLINE -> {
        return new Trajectory(TrajectoryKind.STEPS, AT_DEADLINE_SHARES);
      }
      default -> {
        boolean steps = text.startsWith(STEPS_PREFIX);
        List<BigDecimal> fractions = quarterShares(row, steps ? text.substring(STEPS_PREFIX.length()) : text);
        return new Trajectory(steps ? TrajectoryKind.STEPS : TrajectoryKind.QUARTERS, fractions);
      }
    }
  }

  /** {@code Q1=a;Q2=b;Q3=c;Q4=1} with non-decreasing shares ending at 1. */
  private List<BigDecimal> quarterShares(CsvRow row, String text) {
    List<String> parts = java.util.Arrays.stream(text.split(";")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    List<BigDecimal> fractions = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      var m = QUARTER_FRACTION.matcher(parts.get(i));
      if (!m.matches() || Integer.parseInt(m.group(1)) != i + 1) {
        row.error("trajectory", "'" + row.text("trajectory") + "' must be LINEAR, HOLD, YEAR_END, AT_DEADLINE, MONITORED, Q1=a;Q2=b;Q3=c;Q4=1 or STEPS Q1=a;Q2=b;Q3=c;Q4=1");
        return List.of();
      }
      try {
        fractions.add(new BigDecimal(m.group(2)));
      } catch (NumberFormatException e) {
        row.error("trajectory", "'" + m.group(2) + "' is not a number");
        return List.of();
      }
    }
    boolean rising = true;
    for (int i = 1; i < fractions.size(); i++) {
      rising &= fractions.get(i).compareTo(fractions.get(i - 1)) >= 0;
    }
    if (fractions.size() != 4 || !rising || fractions.get(0).signum() < 0 || fractions.get(3).compareTo(BigDecimal.ONE) != 0) {
      row.error("trajectory", "'" + row.text("trajectory") + "' needs four shares, never falling, from Q1 to Q4=1");
      return List.of();
    }
    return fractions.stream().map(f -> atScale(row, "trajectory", f)).toList();
  }

  /**
   * What a LEVEL or RATIO measures must be said: ACCUMULATION (built up within the year) or LEVEL
   * (standing before January). A COUNT is an accumulation and a MILESTONE neither.
   */
  private static Measure measure(CsvRow row, Kind kind) {
    String text = row.optional("measure").orElse("");
    if (kind == Kind.LEVEL || kind == Kind.RATIO) {
      if (text.isEmpty()) {
        row.error("measure", "a " + kind + " must say what it measures: ACCUMULATION (built up within the plan year, from 0 or its"
            + " baseline) or LEVEL (a stock or share that stands before January)");
        return Measure.UNKNOWN;
      }
      return row.symbol("measure", Measure.class);
    }
    if (kind == Kind.COUNT && (text.isEmpty() || text.equals(Measure.ACCUMULATION.name()))) {
      return Measure.ACCUMULATION;
    }
    if (!text.isEmpty() && kind != Kind.UNKNOWN) {
      row.error("measure", kind == Kind.COUNT ? "a COUNT is summed over its periods: an ACCUMULATION, or leave it empty"
          : "a MILESTONE measures no quantity: leave it empty");
    }
    return Measure.UNKNOWN;
  }

  /**
   * A one-step milestone is due at its deadline (before it "not yet" is on track, never behind);
   * a line held all year (HOLD) is a stock or a share, never a sum.
   */
  private static void checkCourse(CsvRow row, Kind kind, Measure measure, List<String> stages, Trajectory trajectory, AreaScope scope) {
    if (kind == Kind.MILESTONE && stages.isEmpty()
        && !(trajectory.kind() == TrajectoryKind.STEPS && trajectory.fractions().equals(AT_DEADLINE_SHARES))) {
      row.error("trajectory", "a one-step MILESTONE is due at its deadline: AT_DEADLINE, not " + row.text("trajectory")
          + " (a quarterly ramp calls an honest 'not yet' behind in April)");
    }
    if (trajectory.kind() == TrajectoryKind.HOLD && measure == Measure.ACCUMULATION) {
      row.error("trajectory", "HOLD is a line held all year by a stock or a share (measure LEVEL); a sum built up over the year ramps");
    }
    if (trajectory.kind() == TrajectoryKind.HOLD && kind == Kind.LEVEL && scope == AreaScope.TOWNSHIP) {
      row.error("area_scope", "a line held all year by a sum of the townships would be crossed while some have not reported yet: "
          + "judge it on the city's own figure (CITY)");
    }
  }

  /** A monitored goal has no target: the cell stays empty, and 0 is stored. */
  private static BigDecimal monitoredTarget(CsvRow row) {
    if (row.optionalDecimal("target").isPresent()) {
      row.error("target", "a MONITORED goal has no target (the plan states only its direction): leave it empty");
    }
    return BigDecimal.ZERO;
  }

  /**
   * A goal the plan states by direction only (努力提升托位使用率, 减少…存量人数, 群众满意度): a figure
   * (LEVEL or RATIO) of the whole city, whose trend is judged; 减少 asks for less (AT_MOST), 提升
   * and 提高 for more (AT_LEAST).
   */
  private static void checkMonitored(CsvRow row, Kind kind, Direction direction, AreaScope scope) {
    if (kind != Kind.LEVEL && kind != Kind.RATIO) {
      row.error("kind", "a MONITORED goal is a figure with a trend: LEVEL or RATIO, not " + kind);
    }
    if (scope != AreaScope.CITY) {
      row.error("area_scope", "a MONITORED goal's trend is the city's: CITY");
    }
    String words = row.text("source") + " " + row.text("name");
    if (!MONITORED_WORDING.matcher(words).find()) {
      row.error("trajectory", "MONITORED is for a goal the plan states by direction only (提升, 提高, 减少, 满意度), and the source says none");
    } else if (words.contains("减少") != (direction == Direction.AT_MOST)) {
      row.error("direction", "the plan says '" + firstMatch(MONITORED_WORDING, words) + "': "
          + (words.contains("减少") ? "AT_MOST (less is better)" : "AT_LEAST (more is better)"));
    }
  }

  /**
   * Where the plan's wording tells how a target is judged, the row must say the same: 保持, 均达到,
   * 不少于 are held all year (HOLD); a ceiling is held all year or judged as a year figure; 超80 is
   * MORE_THAN; a range has both ends; 力争, 争创, 争取, 努力 are STRETCH, and only they are.
   */
  private static void checkWording(CsvRow row, Direction direction, BigDecimal targetLow, BigDecimal target, TrajectoryKind trajectory,
      Firmness firmness) {
    String words = row.text("source") + " " + row.text("name");
    if (HELD_ALL_YEAR.matcher(words).find() && trajectory != TrajectoryKind.HOLD) {
      row.error("trajectory", "the plan says '" + firstMatch(HELD_ALL_YEAR, words) + "' (held all year), so the trajectory is HOLD, not "
          + trajectory);
    }
    if (direction == Direction.AT_MOST && trajectory != TrajectoryKind.HOLD && trajectory != TrajectoryKind.YEAR_END
        && trajectory != TrajectoryKind.MONITORED) {
      row.error("trajectory", "a ceiling (AT_MOST) is held all year (HOLD) or judged as a year figure (YEAR_END), not " + trajectory);
    }
    if (MORE_THAN_WORDING.matcher(words).find() && direction != Direction.MORE_THAN) {
      row.error("direction", "the plan says '超' (more than), so the direction is MORE_THAN, not " + direction);
    }
    if (direction == Direction.BETWEEN && (targetLow == null || targetLow.compareTo(target) >= 0)) {
      row.error("target_low", "a range (BETWEEN) needs target_low below target");
    }
    if (direction != Direction.BETWEEN && targetLow != null) {
      row.error("target_low", "only a range (BETWEEN) has a target_low");
    }
    boolean stretchWords = STRETCH_WORDING.matcher(words).find();
    if (stretchWords && firmness == Firmness.FIRM) {
      row.error("firmness", "the plan says '" + firstMatch(STRETCH_WORDING, words) + "' (an aim), so the firmness is STRETCH");
    }
    if (!stretchWords && firmness == Firmness.STRETCH) {
      row.error("firmness", "STRETCH needs the plan's 力争, 争创, 争取 or 努力 in source or name");
    }
  }

  private static String firstMatch(Pattern pattern, String text) {
    var m = pattern.matcher(text);
    return m.find() ? m.group() : "";
  }

  private static BigDecimal atScale(CsvRow row, String field, BigDecimal value) {
    try {
      return Decimals.atScale(field, value);
    } catch (IllegalArgumentException e) {
      return value.setScale(Decimals.SCALE, java.math.RoundingMode.HALF_UP); // already reported by CsvRow
    }
  }

  private static String code(CsvRow row, String field) {
    String code = row.text(field);
    if (!code.isEmpty() && !CODE.matcher(code).matches()) {
      row.error(field, "'" + code + "' must be upper-case letters, digits and _");
    }
    return code;
  }

  private static String knownUnit(CsvRow row, String field, String unit, Map<String, UnitDefinition> units) {
    if (!unit.isEmpty() && !units.containsKey(unit)) {
      row.error(field, "'" + unit + "' is not in " + UNITS);
    }
    return unit;
  }

  private static <T> void putUnique(Map<String, T> map, CsvRow row, String field, T value) {
    String key = row.optional(field).orElse("");
    if (key.isEmpty()) {
      return;
    }
    if (map.putIfAbsent(key, value) != null) {
      row.error(field, "'" + key + "' appears twice");
    }
  }

  private void eachRow(String file, List<String> columns, Consumer<CsvRow> reader) {
    Path path = dir.resolve(file);
    var format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).get();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(in, format)) {
      List<String> header = parser.getHeaderNames();
      if (!header.equals(columns)) {
        errors.add(new CatalogError(file, 1, "", "the header must be exactly " + String.join(",", columns) + " but is " + String.join(",", header)));
        return;
      }
      for (CSVRecord record : parser) {
        var row = new CsvRow(file, record, errors);
        if (record.size() != columns.size()) {
          row.error("", "has " + record.size() + " cells, the header " + columns.size() + " (a comma inside a cell needs quotes)");
          continue;
        }
        reader.accept(row);
      }
    } catch (NoSuchFileException e) {
      errors.add(new CatalogError(file, 0, "", "is missing from " + dir.toAbsolutePath()));
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
      errors.add(new CatalogError(file, 0, "", "cannot be read: " + e.getMessage()));
    }
  }
}
