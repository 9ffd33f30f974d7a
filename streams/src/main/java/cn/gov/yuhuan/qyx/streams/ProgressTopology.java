package cn.gov.yuhuan.qyx.streams;

import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.schemas.AvroSerdes;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.state.AreaState;
import cn.gov.yuhuan.qyx.state.IndicatorInput;
import cn.gov.yuhuan.qyx.state.IndicatorState;
import cn.gov.yuhuan.qyx.state.TickBarrier;
import cn.gov.yuhuan.qyx.streams.internals.CheckReport;
import cn.gov.yuhuan.qyx.streams.internals.DeadLetters;
import cn.gov.yuhuan.qyx.streams.internals.GlobalReferenceData;
import cn.gov.yuhuan.qyx.streams.internals.LatestTick;
import cn.gov.yuhuan.qyx.streams.internals.Progress;
import cn.gov.yuhuan.qyx.streams.internals.RowsPerLeadUnit;
import cn.gov.yuhuan.qyx.streams.status.EvaluateIndicators;
import cn.gov.yuhuan.qyx.streams.status.StatusOutput;
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
 * The progress topology, read top to bottom, in two stages with one repartition between them:
 * the checking stage reads each partition of the event log (reports, and the clock's ticks among
 * them), checks every report against the catalog and stamps it with the as-of date it counts from;
 * the indicator stage owns
 * each indicator whole (its data values, areas, city sums, status and alerts). Every operator,
 * store and internal topic is named, and {@code ProgressTopologyNamesTest} pins the names, so an
 * upgrade cannot silently rename a changelog.
 */
public final class ProgressTopology {
  /** Store of the progress per domain. */
  public static final String DOMAIN_PROGRESS_STORE = "domain-progress";
  /** Store of the progress per lead unit. */
  public static final String UNIT_PROGRESS_STORE = "unit-progress";
  /** Store of the indicators' current rows once per lead unit, for the lead-unit sums. */
  public static final String LEAD_UNIT_ROWS_STORE = "lead-unit-rows";
  /** Store of the indicators' current rows, read back from their topic for the domain and lead-unit sums. */
  public static final String INDICATOR_ROWS_STORE = "indicator-rows";

  private ProgressTopology() {}

  /**
   * @param avro the Avro serdes of every topic and store: the registry's in production, schemaless
   *     ones in TopologyTestDriver tests
   * @param settings the rules of status, alerts and plausibility flags, and the event log's partitions
   */
  public static Topology buildTopology(AvroSerdes avro, StatusSettings settings) {
    var topics = new Topics(avro);
    var builder = new StreamsBuilder();

    // 1. The catalog, as global tables every instance holds whole: the checks and the derivations read them.
    builder.globalTable(topics.indicators().name(), consumed(topics.indicators(), "read-ref-indicators"),
        store(GlobalReferenceData.INDICATORS_STORE, topics.indicators().valueSerde()));
    builder.globalTable(topics.areas().name(), consumed(topics.areas(), "read-ref-areas"),
        store(GlobalReferenceData.AREAS_STORE, topics.areas().valueSerde()));
    builder.globalTable(topics.units().name(), consumed(topics.units(), "read-ref-units"),
        store(GlobalReferenceData.UNITS_STORE, topics.units().valueSerde()));
    builder.globalTable(topics.silences().name(), consumed(topics.silences(), "read-silences"),
        store(GlobalReferenceData.SILENCES_STORE, topics.silences().valueSerde()));

    // 2. The checking stage, one task per partition of the event log, read in order: reports as
    //    unit systems sent them (undecodable bytes are dead-lettered by the handler), checked against
    //    the catalog (a rejected report is dead-lettered with its reason), stamped with the as-of
    //    date of the last tick before them; a tick moves the date on and is marked to every
    //    partition of the indicator stage. Accepted reports also go to their topic, for the sink.
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LatestTick.STORE), Serdes.String(), Serdes.Long()));
    KStream<String, IndicatorInput> checked =
        builder.stream(topics.progressReports().name(), consumed(topics.progressReports(), "read-progress-reports"))
            .process(CheckReport::new, Named.as(DeadLetters.CHECKING_NODE), LatestTick.STORE);
    checked.filter((key, input) -> input.getValue() != null, Named.as("accepted-values"))
        .map((key, input) -> KeyValue.pair(DataValueKey.of(input.getValue().getIndicatorId(), input.getValue().getAreaCode(),
            input.getValue().getPeriod()), DataValue.newBuilder(input.getValue()).setCountedFrom(input.getCountsFrom()).build()),
            Named.as("key-by-data-value"))
        .to(topics.acceptedReports().name(), produced(topics.acceptedReports(), "write-accepted-reports"));

    // 3. The indicator stage, one task per partition of indicators: the standing report of every
    //    period per area, the city's sums, status against 时序进度 on every value and on every as-of
    //    date all partitions have passed, and alerts once per date. It writes the latest row per
    //    key (a load of corrections changes a row far more often than anyone reads it).
    addStore(builder, EvaluateIndicators.AREA_STATES_STORE, avro.forValues(AreaState.class));
    addStore(builder, EvaluateIndicators.INDICATOR_STATES_STORE, avro.forValues(IndicatorState.class));
    addStore(builder, EvaluateIndicators.BARRIER_STORE, avro.forValues(TickBarrier.class));
    addStore(builder, EvaluateIndicators.HELD_STORE, avro.forValues(IndicatorInput.class));
    KStream<String, StatusOutput> evaluated =
        checked
            .repartition(Repartitioned.with(Serdes.String(), avro.forValues(IndicatorInput.class)).withName("to-indicator-stage")
                .withStreamPartitioner(CheckReport.partitioner()))
            .process(EvaluateIndicators.supplier(settings), Named.as("evaluate-indicators"), EvaluateIndicators.AREA_STATES_STORE,
                EvaluateIndicators.INDICATOR_STATES_STORE, EvaluateIndicators.BARRIER_STORE, EvaluateIndicators.HELD_STORE);
    evaluated.split(Named.as("evaluated-"))
        .branch((key, out) -> out.target() == StatusOutput.Target.ALERT, Branched.withConsumer(alerts -> alerts
            .mapValues(out -> (Alert) out.record(), Named.as("as-alert"))
            .to(topics.alerts().name(), produced(topics.alerts(), "write-alerts")), "alerts"))
        .branch((key, out) -> out.target() == StatusOutput.Target.HISTORY, Branched.withConsumer(history -> history
            .mapValues(out -> (IndicatorProgress) out.record(), Named.as("as-status-history"))
            .to(topics.statusHistory().name(), produced(topics.statusHistory(), "write-status-history")), "history"))
        .branch((key, out) -> out.target() == StatusOutput.Target.AREA, Branched.withConsumer(areas -> areas
            .mapValues(out -> (AreaProgress) out.record(), Named.as("as-area-progress"))
            .to(topics.areaProgress().name(), produced(topics.areaProgress(), "write-area-progress")), "areas"))
        .defaultBranch(Branched.withConsumer(rows -> rows // the current row, or null when the indicator left the catalog
            .mapValues(out -> (IndicatorProgress) out.record(), Named.as("as-indicator-progress"))
            .to(topics.indicatorProgress().name(), produced(topics.indicatorProgress(), "write-indicator-progress")), "progress"));

    // 4. Per domain and per lead unit in each plan year, from the indicators' current rows read back
    //    from their topic: how many indicators reported and achieved, and their completion.
    var indicatorSerde = topics.indicatorProgress().valueSerde();
    KTable<String, IndicatorProgress> indicatorRows =
        builder.table(topics.indicatorProgress().name(), consumed(topics.indicatorProgress(), "read-indicator-rows"),
            store(INDICATOR_ROWS_STORE, indicatorSerde));
    indicatorRows
        .groupBy((id, p) -> KeyValue.pair(PlanKeys.planGroup(p.getDomain(), p.getPlanYear()), p), Grouped.with("by-domain", Serdes.String(), indicatorSerde))
        .aggregate(Progress::emptyGroup, Progress::addIndicator, Progress::subtractIndicator, Named.as("sum-indicators-per-domain"),
            store(DOMAIN_PROGRESS_STORE, topics.domainProgress().valueSerde()))
        .toStream(Named.as("domain-progress-changes"))
        .to(topics.domainProgress().name(), produced(topics.domainProgress(), "write-domain-progress"));
    // An indicator counts for each of its lead units (联合牵头): its row once per unit, then summed.
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RowsPerLeadUnit.STORE), Serdes.String(), Serdes.String()));
    indicatorRows.toStream(Named.as("indicator-row-changes"))
        .process(RowsPerLeadUnit::new, Named.as("rows-per-lead-unit"), RowsPerLeadUnit.STORE)
        .toTable(Named.as("lead-unit-rows"), store(LEAD_UNIT_ROWS_STORE, indicatorSerde))
        .groupBy((key, p) -> KeyValue.pair(PlanKeys.groupOfLeadUnitRow(key), p), Grouped.with("by-lead-unit", Serdes.String(), indicatorSerde))
        .aggregate(Progress::emptyGroup, Progress::addIndicator, Progress::subtractIndicator, Named.as("sum-indicators-per-lead-unit"),
            store(UNIT_PROGRESS_STORE, topics.unitProgress().valueSerde()))
        .toStream(Named.as("unit-progress-changes"))
        .to(topics.unitProgress().name(), produced(topics.unitProgress(), "write-unit-progress"));

    return builder.build();
  }

  /** A persistent store with a cache in front, so a key changed many times between commits is logged once. */
  private static <V> void addStore(StreamsBuilder builder, String name, Serde<V> valueSerde) {
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde).withCachingEnabled());
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
