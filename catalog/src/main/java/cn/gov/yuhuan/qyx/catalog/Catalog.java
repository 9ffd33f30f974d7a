package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.DomainDefinition;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plans as data: each plan year's indicators (with any later editions of them), and the
 * domains, areas and units they share, loaded from the human-editable files in {@code catalog/data/}
 * and checked as a whole. Immutable; iteration follows file order.
 */
public final class Catalog {
  private final NavigableMap<Integer, String> planTitles;
  /** Per plan indicator ({@link PlanKeys#planIndicator}), its editions in {@link PlanYears#BY_EFFECTIVE_DATE} order. */
  private final Map<String, List<IndicatorDefinition>> editions;
  private final Map<String, DomainDefinition> domains;
  private final Map<String, AreaDefinition> areas;
  private final Map<String, UnitDefinition> units;

  Catalog(Map<Integer, String> planTitles, List<IndicatorDefinition> indicators, Map<String, DomainDefinition> domains,
      Map<String, AreaDefinition> areas, Map<String, UnitDefinition> units) {
    this.planTitles = Collections.unmodifiableNavigableMap(new TreeMap<>(planTitles));
    Map<String, List<IndicatorDefinition>> byPlan = new LinkedHashMap<>();
    for (IndicatorDefinition i : indicators) {
      byPlan.computeIfAbsent(PlanKeys.planIndicator(i.getId(), PlanYears.of(i)), k -> new ArrayList<>()).add(i);
    }
    byPlan.replaceAll((k, list) -> list.stream().sorted(PlanYears.BY_EFFECTIVE_DATE).toList());
    this.editions = Collections.unmodifiableMap(byPlan);
    this.domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
    this.areas = Collections.unmodifiableMap(new LinkedHashMap<>(areas));
    this.units = Collections.unmodifiableMap(new LinkedHashMap<>(units));
  }

  /**
   * Reads and checks the catalog files in {@code dir}.
   *
   * @throws CatalogException listing every mistake found, each with its file, line and field
   */
  public static Catalog load(Path dir) {
    return new CatalogReader(dir).read();
  }

  /** The plan years, in order. */
  public SortedSet<Integer> planYears() {
    return new TreeSet<>(planTitles.keySet());
  }

  /** The latest plan year. */
  public int latestPlanYear() {
    return planTitles.lastKey();
  }

  public String planTitle(int planYear) {
    return planTitles.get(planYear);
  }

  /** The first day reports of that plan may be about. */
  public static LocalDate planStart(int planYear) {
    return LocalDate.of(planYear, 1, 1);
  }

  /** The last day reports of that plan may be about. */
  public static LocalDate planEnd(int planYear) {
    return LocalDate.of(planYear, 12, 31);
  }

  /** The edition of the indicator in that plan year that judges {@code asOf} (null: its latest edition). */
  public Optional<IndicatorDefinition> indicator(String id, int planYear, LocalDate asOf) {
    return PlanYears.inForce(editions.getOrDefault(PlanKeys.planIndicator(id, planYear), List.of()), asOf);
  }

  /** The latest edition of the indicator in the latest plan year that has it. */
  public Optional<IndicatorDefinition> indicator(String id) {
    return planYears(id).stream().reduce((a, b) -> b).flatMap(year -> indicator(id, year, null));
  }

  /** The plan years that have the indicator. */
  public SortedSet<Integer> planYears(String id) {
    var years = new TreeSet<Integer>();
    editions.values().forEach(list -> {
      if (list.get(0).getId().equals(id)) {
        years.add(PlanYears.of(list.get(0)));
      }
    });
    return years;
  }

  /** Every edition of every plan year, in file order of their indicators. */
  public Collection<IndicatorDefinition> indicators() {
    return editions.values().stream().flatMap(List::stream).toList();
  }

  /** The latest edition of each indicator of one plan year. */
  public List<IndicatorDefinition> indicators(int planYear) {
    return editions.values().stream().map(list -> list.get(list.size() - 1)).filter(i -> PlanYears.of(i) == planYear).toList();
  }

  /**
   * What the indicators topic holds, key by key: every edition under its own key, so a rebuild
   * judges each date by the edition in force then, and each plan indicator's latest edition under
   * {@link PlanKeys#planIndicator}, the one look-up most reads need.
   */
  public Map<String, IndicatorDefinition> publishedIndicators() {
    Map<String, IndicatorDefinition> records = new LinkedHashMap<>();
    for (List<IndicatorDefinition> list : editions.values()) {
      for (IndicatorDefinition edition : list) {
        records.put(PlanKeys.edition(edition.getId(), PlanYears.of(edition), edition.getEffectiveFrom()), edition);
      }
      IndicatorDefinition latest = list.get(list.size() - 1);
      records.put(PlanKeys.planIndicator(latest.getId(), PlanYears.of(latest)), latest);
    }
    return records;
  }

  public Collection<DomainDefinition> domains() {
    return domains.values();
  }

  public Optional<AreaDefinition> area(String code) {
    return Optional.ofNullable(areas.get(code));
  }

  public Collection<AreaDefinition> areas() {
    return areas.values();
  }

  public Optional<UnitDefinition> unit(String code) {
    return Optional.ofNullable(units.get(code));
  }

  public Collection<UnitDefinition> units() {
    return units.values();
  }
}
