package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import java.time.LocalDate;
import java.util.Optional;
import java.util.SortedSet;

/**
 * What the report rules look up: the loaded {@link Catalog} in a unit system, the global tables of
 * the reference topics in the streams app.
 */
public interface ReferenceData {
  /** The indicator's edition in that plan year that judges {@code asOf}; null: its latest edition. */
  Optional<IndicatorDefinition> indicator(String id, int planYear, LocalDate asOf);

  /** The plan years that have the indicator (empty: it is in no plan). */
  SortedSet<Integer> planYears(String id);

  Optional<AreaDefinition> area(String code);

  Optional<UnitDefinition> unit(String code);

  /** A catalog loaded from files, as reference data. */
  static ReferenceData of(Catalog catalog) {
    return new ReferenceData() {
      @Override
      public Optional<IndicatorDefinition> indicator(String id, int planYear, LocalDate asOf) {
        return catalog.indicator(id, planYear, asOf);
      }

      @Override
      public SortedSet<Integer> planYears(String id) {
        return catalog.planYears(id);
      }

      @Override
      public Optional<AreaDefinition> area(String code) {
        return catalog.area(code);
      }

      @Override
      public Optional<UnitDefinition> unit(String code) {
        return catalog.unit(code);
      }
    };
  }
}
