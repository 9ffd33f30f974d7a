package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** The catalog as the streams app sees it: the global tables of the reference topics. */
public final class GlobalReferenceData implements ReferenceData {
  /** Store of the global table of indicators. */
  public static final String INDICATORS_STORE = "ref-indicators";
  /** Store of the global table of areas. */
  public static final String AREAS_STORE = "ref-areas";
  /** Store of the global table of units. */
  public static final String UNITS_STORE = "ref-units";
  /** Store of the global table of silences. */
  public static final String SILENCES_STORE = "silences";

  private final KeyValueStore<String, ValueAndTimestamp<IndicatorDefinition>> indicators;
  private final KeyValueStore<String, ValueAndTimestamp<AreaDefinition>> areas;
  private final KeyValueStore<String, ValueAndTimestamp<UnitDefinition>> units;

  /** @param stores a processor context's {@code getStateStore} */
  @SuppressWarnings("unchecked")
  public GlobalReferenceData(Function<String, StateStore> stores) {
    this.indicators = (KeyValueStore<String, ValueAndTimestamp<IndicatorDefinition>>) stores.apply(INDICATORS_STORE);
    this.areas = (KeyValueStore<String, ValueAndTimestamp<AreaDefinition>>) stores.apply(AREAS_STORE);
    this.units = (KeyValueStore<String, ValueAndTimestamp<UnitDefinition>>) stores.apply(UNITS_STORE);
  }

  @Override
  public Optional<IndicatorDefinition> indicator(String id) {
    return Optional.ofNullable(ValueAndTimestamp.getValueOrNull(indicators.get(id)));
  }

  /** Every indicator id of the catalog, in key order. */
  public List<String> indicatorIds() {
    List<String> ids = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<IndicatorDefinition>> all = indicators.all()) {
      all.forEachRemaining(entry -> ids.add(entry.key));
    }
    return ids;
  }

  /**
   * Every silence on record, expired ones included (expiry follows the as-of date, which only the
   * caller knows). {@code stores} must hold {@value #SILENCES_STORE}.
   */
  @SuppressWarnings("unchecked")
  public static List<Silence> silences(Function<String, StateStore> stores) {
    var silences = (KeyValueStore<String, ValueAndTimestamp<Silence>>) stores.apply(SILENCES_STORE);
    List<Silence> all = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<Silence>> entries = silences.all()) {
      entries.forEachRemaining(entry -> all.add(entry.value.value()));
    }
    return all;
  }

  @Override
  public Optional<AreaDefinition> area(String code) {
    return Optional.ofNullable(ValueAndTimestamp.getValueOrNull(areas.get(code)));
  }

  @Override
  public Optional<UnitDefinition> unit(String code) {
    return Optional.ofNullable(ValueAndTimestamp.getValueOrNull(units.get(code)));
  }
}
