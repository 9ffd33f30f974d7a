package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.catalog.PlanYears;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.SortedSet;
import java.util.TreeSet;
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
  public Optional<IndicatorDefinition> indicator(String id, int planYear, LocalDate asOf) {
    return PlanYears.lookUp(key -> ValueAndTimestamp.getValueOrNull(indicators.get(key)), this::range, id, planYear, asOf);
  }

  @Override
  public SortedSet<Integer> planYears(String id) {
    String[] keys = PlanKeys.indicatorRange(id);
    var years = new TreeSet<Integer>();
    range(keys[0], keys[1]).forEach(edition -> years.add(PlanYears.of(edition)));
    return years;
  }

  private List<IndicatorDefinition> range(String from, String to) {
    List<IndicatorDefinition> found = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<IndicatorDefinition>> editions = indicators.range(from, to)) {
      editions.forEachRemaining(entry -> found.add(entry.value.value()));
    }
    return found;
  }

  /** The latest edition of every indicator of every plan year, in key order. */
  public List<IndicatorDefinition> planIndicators() {
    List<IndicatorDefinition> latest = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<IndicatorDefinition>> all = indicators.all()) {
      all.forEachRemaining(entry -> {
        if (!PlanKeys.isEdition(entry.key)) {
          latest.add(entry.value.value());
        }
      });
    }
    return latest;
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
