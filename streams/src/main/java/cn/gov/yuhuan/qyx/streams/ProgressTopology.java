package cn.gov.yuhuan.qyx.streams;

import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.GroupProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.schemas.AvroSerdes;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.state.AreaState;
import cn.gov.yuhuan.qyx.state.IndicatorTotals;
import cn.gov.yuhuan.qyx.state.StatusState;
import cn.gov.yuhuan.qyx.state.StatusTrigger;
import cn.gov.yuhuan.qyx.streams.internals.AreaStates;
import cn.gov.yuhuan.qyx.streams.internals.CheckReport;
import cn.gov.yuhuan.qyx.streams.internals.GlobalReferenceData;
import cn.gov.yuhuan.qyx.streams.internals.Progress;
import cn.gov.yuhuan.qyx.streams.internals.Revisions;
import cn.gov.yuhuan.qyx.streams.internals.WithIndicator;
import cn.gov.yuhuan.qyx.streams.status.EvaluateStatus;
import cn.gov.yuhuan.qyx.streams.status.FanOutTick;
import cn.gov.yuhuan.qyx.streams.status.StatusOutput;
import cn.gov.yuhuan.qyx.streams.status.ToStatusTrigger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The progress topology, read top to bottom: reports → checked against the catalog → standing
 * revision per data value → per indicator × area → per indicator → per domain and per lead unit.
 * Every operator, store and internal topic is named, and {@code ProgressTopologyNamesTest} pins the
 * names, so an upgrade cannot silently rename a changelog.
 */
public final class ProgressTopology {
  /** Store of the standing report per data value ({@code indicator|area|period}). */
  public static final String DATA_VALUES_STORE = "data-values";
  /** Store of the standing value of every period per indicator × area. */
  public static final String AREA_STATES_STORE = "area-states";
  /** Store of the progress per indicator × area. */
  public static final String AREA_PROGRESS_STORE = "area-progress";
  /** Store of the sums over areas per indicator. */
  public static final String INDICATOR_TOTALS_STORE = "indicator-totals";
  /** Store of the progress per indicator. */
  public static final String INDICATOR_PROGRESS_STORE = "indicator-progress";
  /** Store of the progress per domain. */
  public static final String DOMAIN_PROGRESS_STORE = "domain-progress";
  /** Store of the progress per lead unit. */
  public static final String UNIT_PROGRESS_STORE = "unit-progress";

  private ProgressTopology() {}

  /**
   * @param avro the Avro serdes of every topic and store: the registry's in production, schemaless
   *     ones in TopologyTestDriver tests
   * @param settings the rules of status, alerts and plausibility flags
   */
  public static Topology buildTopology(AvroSerdes avro, StatusSettings settings) {
    var topics = new Topics(avro);
    var builder = new StreamsBuilder();
    var dataValueSerde = topics.acceptedReports().valueSerde();

    // 1. The catalog, as global tables every instance holds whole: the checks and the derivations read them.
    builder.globalTable(topics.indicators().name(), consumed(topics.indicators(), "read-ref-indicators"),
        store(GlobalReferenceData.INDICATORS_STORE, topics.indicators().valueSerde()));
    builder.globalTable(topics.areas().name(), consumed(topics.areas(), "read-ref-areas"),
        store(GlobalReferenceData.AREAS_STORE, topics.areas().valueSerde()));
    builder.globalTable(topics.units().name(), consumed(topics.units(), "read-ref-units"),
        store(GlobalReferenceData.UNITS_STORE, topics.units().valueSerde()));
    builder.globalTable(topics.silences().name(), consumed(topics.silences(), "read-silences"),
        store(GlobalReferenceData.SILENCES_STORE, topics.silences().valueSerde()));

    // 2. Reports as unit systems sent them (undecodable bytes are dead-lettered by the handler),
    //    checked against the catalog (a rejected report is dead-lettered with its reason),
    //    keyed by the data value they state, and written to the accepted-reports topic.
    builder.stream(topics.progressReports().name(), consumed(topics.progressReports(), "read-progress-reports"))
        .processValues(CheckReport::new, Named.as("check-report"))
        .selectKey((key, value) -> DataValueKey.of(value.getIndicatorId(), value.getAreaCode(), value.getPeriod()),
            Named.as("key-by-data-value"))
        .to(topics.acceptedReports().name(), produced(topics.acceptedReports(), "write-accepted-reports"));

    // 3. The standing revision of each data value; accepted-reports is already keyed by it, so no
    //    repartition: duplicates and late old revisions change nothing.
    KStream<String, DataValue> acceptedReports =
        builder.stream(topics.acceptedReports().name(), consumed(topics.acceptedReports(), "read-accepted-reports"));
    KTable<String, DataValue> dataValues =
        acceptedReports
            .groupByKey(Grouped.with("data-values", Serdes.String(), dataValueSerde))
            .reduce(Revisions::standing, Named.as("keep-standing-revision"), store(DATA_VALUES_STORE, dataValueSerde));

    // 4. Per indicator × area: the standing value of every period, then the kind's rule over them.
    Serde<AreaState> areaStateSerde = avro.forValues(AreaState.class);
    KTable<String, AreaProgress> areaProgress =
        dataValues
            .groupBy((key, value) -> KeyValue.pair(DataValueKey.indicatorArea(value.getIndicatorId(), value.getAreaCode()), value),
                Grouped.with("by-indicator-area", Serdes.String(), dataValueSerde))
            .aggregate(AreaStates::empty, AreaStates::add, AreaStates::subtract, Named.as("collect-periods-per-area"),
                store(AREA_STATES_STORE, areaStateSerde))
            .transformValues(WithIndicator.supplier(AreaState::getIndicatorId, (state, indicator) -> Progress.ofArea(state, indicator, settings.plausibility())),
                store(AREA_PROGRESS_STORE, topics.areaProgress().valueSerde()), Named.as("derive-area-progress"));

    // 5. Per indicator, city-wide: sums over areas, then the kind's rule (Σnumerator / Σdenominator for RATIO).
    Serde<IndicatorTotals> totalsSerde = avro.forValues(IndicatorTotals.class);
    KTable<String, IndicatorProgress> indicatorProgress =
        areaProgress
            .groupBy((key, area) -> KeyValue.pair(area.getIndicatorId(), area),
                Grouped.with("by-indicator", Serdes.String(), topics.areaProgress().valueSerde()))
            .aggregate(Progress::emptyTotals, Progress::addArea, Progress::subtractArea, Named.as("sum-areas-per-indicator"),
                store(INDICATOR_TOTALS_STORE, totalsSerde))
            .transformValues(WithIndicator.supplier(IndicatorTotals::getIndicatorId, Progress::ofIndicator),
                store(INDICATOR_PROGRESS_STORE, topics.indicatorProgress().valueSerde()), Named.as("derive-indicator-progress"));

    // 6. Per domain and per lead unit: how many indicators reported and achieved, and their completion.
    //    (The indicator's own row, with its status, is written by step 7.)
    var indicatorSerde = topics.indicatorProgress().valueSerde();
    KTable<String, GroupProgress> domainProgress =
        indicatorProgress
            .groupBy((id, p) -> KeyValue.pair(p.getDomain(), p), Grouped.with("by-domain", Serdes.String(), indicatorSerde))
            .aggregate(Progress::emptyGroup, Progress::addIndicator, Progress::subtractIndicator, Named.as("sum-indicators-per-domain"),
                store(DOMAIN_PROGRESS_STORE, topics.domainProgress().valueSerde()));
    KTable<String, GroupProgress> unitProgress =
        indicatorProgress
            .groupBy((id, p) -> KeyValue.pair(p.getLeadUnit(), p), Grouped.with("by-lead-unit", Serdes.String(), indicatorSerde))
            .aggregate(Progress::emptyGroup, Progress::addIndicator, Progress::subtractIndicator, Named.as("sum-indicators-per-lead-unit"),
                store(UNIT_PROGRESS_STORE, topics.unitProgress().valueSerde()));

    // 7. Status against 时序进度 and alerts, per indicator: on every accepted value and on every
    //    tick of the clock, fanned out to every indicator of the catalog. Both arrive keyed by
    //    indicator id in partitions of the same count (TopicSetup creates the clock and report
    //    topics alike), so one task holds an indicator's values and ticks. Whatever order they
    //    arrive in, it judges an as-of date on the values sent before the next tick, and a tick's
    //    alerts once the values sent before it are in (the values path's heartbeats say when).
    Serde<StatusTrigger> triggerSerde = avro.forValues(StatusTrigger.class);
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EvaluateStatus.STORE),
        Serdes.String(), avro.forValues(StatusState.class)));
    KStream<String, StatusTrigger> ticks =
        builder.stream(topics.clock().name(), consumed(topics.clock(), "read-clock"))
            .process(FanOutTick::new, Named.as("fan-out-tick"))
            .mapValues(tick -> new StatusTrigger(null, tick, -1, null), Named.as("tick-as-trigger"))
            .repartition(Repartitioned.with(Serdes.String(), triggerSerde).withName("ticks-by-indicator"));
    KStream<String, StatusOutput> evaluated =
        acceptedReports
            .process(ToStatusTrigger::new, Named.as("value-as-trigger"))
            .repartition(Repartitioned.with(Serdes.String(), triggerSerde).withName("values-by-indicator")
                .withStreamPartitioner(ToStatusTrigger.partitioner()))
            .merge(ticks, Named.as("status-triggers"))
            .process(EvaluateStatus.supplier(settings), Named.as("evaluate-status"), EvaluateStatus.STORE);
    evaluated.split(Named.as("evaluated-"))
        .branch((key, out) -> out.target() == StatusOutput.Target.ALERT, Branched.withConsumer(alerts -> alerts
            .mapValues(out -> (Alert) out.record(), Named.as("as-alert"))
            .to(topics.alerts().name(), produced(topics.alerts(), "write-alerts")), "alerts"))
        .branch((key, out) -> out.target() == StatusOutput.Target.HISTORY, Branched.withConsumer(history -> history
            .mapValues(out -> (IndicatorProgress) out.record(), Named.as("as-status-history"))
            .to(topics.statusHistory().name(), produced(topics.statusHistory(), "write-status-history")), "history"))
        .defaultBranch(Branched.withConsumer(rows -> rows // the current row, or null when the indicator left the catalog
            .mapValues(out -> (IndicatorProgress) out.record(), Named.as("as-indicator-progress"))
            .to(topics.indicatorProgress().name(), produced(topics.indicatorProgress(), "write-indicator-progress")), "progress"));

    // 8. Publish every level for the ClickHouse sink and any other reader.
    areaProgress.toStream(Named.as("area-progress-changes"))
        .to(topics.areaProgress().name(), produced(topics.areaProgress(), "write-area-progress"));
    domainProgress.toStream(Named.as("domain-progress-changes"))
        .to(topics.domainProgress().name(), produced(topics.domainProgress(), "write-domain-progress"));
    unitProgress.toStream(Named.as("unit-progress-changes"))
        .to(topics.unitProgress().name(), produced(topics.unitProgress(), "write-unit-progress"));

    return builder.build();
  }

  private static <V> Consumed<String, V> consumed(Topic<String, V> topic, String name) {
    return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name);
  }

  private static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
    return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
  }

  private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> store(String name, Serde<V> valueSerde) {
    return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name).withKeySerde(Serdes.String()).withValueSerde(valueSerde);
  }
}
