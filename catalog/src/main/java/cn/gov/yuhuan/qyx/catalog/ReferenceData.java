package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import java.util.Optional;

/**
 * What the report rules look up: the loaded {@link Catalog} in a unit system, the global tables of
 * the reference topics in the streams app.
 */
public interface ReferenceData {
  Optional<IndicatorDefinition> indicator(String id);

  Optional<AreaDefinition> area(String code);

  Optional<UnitDefinition> unit(String code);

  /** A catalog loaded from files, as reference data. */
  static ReferenceData of(Catalog catalog) {
    return new ReferenceData() {
      @Override
      public Optional<IndicatorDefinition> indicator(String id) {
        return catalog.indicator(id);
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
