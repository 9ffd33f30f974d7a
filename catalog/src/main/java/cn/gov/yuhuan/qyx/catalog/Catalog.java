package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.DomainDefinition;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The plan as data: its indicators, domains, areas and units, loaded from the human-editable files
 * in {@code catalog/data/} and checked as a whole. Immutable; iteration follows file order.
 */
public final class Catalog {
  private final int planYear;
  private final String planTitle;
  private final Map<String, IndicatorDefinition> indicators;
  private final Map<String, DomainDefinition> domains;
  private final Map<String, AreaDefinition> areas;
  private final Map<String, UnitDefinition> units;

  Catalog(int planYear, String planTitle, Map<String, IndicatorDefinition> indicators, Map<String, DomainDefinition> domains,
      Map<String, AreaDefinition> areas, Map<String, UnitDefinition> units) {
    this.planYear = planYear;
    this.planTitle = planTitle;
    this.indicators = Collections.unmodifiableMap(new LinkedHashMap<>(indicators));
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

  /** The first day reports may be about. */
  public LocalDate planStart() {
    return LocalDate.of(planYear, 1, 1);
  }

  /** The last day reports may be about. */
  public LocalDate planEnd() {
    return LocalDate.of(planYear, 12, 31);
  }

  public String planTitle() {
    return planTitle;
  }

  public Optional<IndicatorDefinition> indicator(String id) {
    return Optional.ofNullable(indicators.get(id));
  }

  public Collection<IndicatorDefinition> indicators() {
    return indicators.values();
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
