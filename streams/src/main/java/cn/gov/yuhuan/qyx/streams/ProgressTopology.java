package cn.gov.yuhuan.qyx.streams;

import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.internals.CountTotals;
import cn.gov.yuhuan.qyx.streams.internals.ReportChecks;
import cn.gov.yuhuan.qyx.streams.internals.Revisions;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The progress topology, read top to bottom: reports → checked → latest revision per data value →
 * sum per indicator × area → sum per indicator. Every operator, store and internal topic is named,
 * and {@code ProgressTopologyTest} pins the names, so an upgrade cannot silently rename a changelog.
 */
public final class ProgressTopology {
  /** Store of the standing report per data value ({@code indicator|area|period}). */
  public static final String DATA_VALUES_STORE = "data-values";
  /** Store of the totals per indicator × area. */
  public static final String AREA_PROGRESS_STORE = "area-progress";
  /** Store of the totals per indicator. */
  public static final String INDICATOR_PROGRESS_STORE = "indicator-progress";

  private ProgressTopology() {}

  public static Topology buildTopology(Topics topics) {
    var reportSerde = topics.progressReports().valueSerde();
    var areaSerde = topics.areaProgress().valueSerde();
    var indicatorSerde = topics.indicatorProgress().valueSerde();
    var builder = new StreamsBuilder();

    // 1. Reports as unit systems sent them. Undecodable records go to the dead-letter topic.
    KTable<String, ProgressReport> dataValues =
        builder.stream(topics.progressReports().name(),
                Consumed.with(topics.progressReports().keySerde(), reportSerde).withName("read-progress-reports"))
            // 2. Reject what must not be counted; the exception handler dead-letters it with the reason.
            .mapValues(ReportChecks::requireCountable, Named.as("check-report"))
            // 3. Key by the data value the report states, whatever key the sender used.
            .selectKey((key, report) -> DataValueKey.of(report), Named.as("key-by-data-value"))
            // 4. Keep the standing revision of each data value: duplicates and late old revisions change nothing.
            .groupByKey(Grouped.with("by-data-value", Serdes.String(), reportSerde))
            .reduce(Revisions::standing, Named.as("keep-standing-revision"),
                Materialized.<String, ProgressReport, KeyValueStore<Bytes, byte[]>>as(DATA_VALUES_STORE)
                    .withKeySerde(Serdes.String()).withValueSerde(reportSerde));

    // 5. Year to date per indicator × area: the sum over periods; corrections move it by the difference.
    KTable<String, AreaProgress> areaProgress =
        dataValues
            .groupBy((key, report) -> KeyValue.pair(DataValueKey.indicatorArea(report.getIndicatorId(), report.getAreaCode()), report),
                Grouped.with("by-indicator-area", Serdes.String(), reportSerde))
            .aggregate(CountTotals::emptyArea, CountTotals::addToArea, CountTotals::subtractFromArea,
                Named.as("sum-per-indicator-area"),
                Materialized.<String, AreaProgress, KeyValueStore<Bytes, byte[]>>as(AREA_PROGRESS_STORE)
                    .withKeySerde(Serdes.String()).withValueSerde(areaSerde));

    // 6. City-wide per indicator: the sum over areas.
    KTable<String, IndicatorProgress> indicatorProgress =
        areaProgress
            .groupBy((key, area) -> KeyValue.pair(area.getIndicatorId(), area),
                Grouped.with("by-indicator", Serdes.String(), areaSerde))
            .aggregate(CountTotals::emptyIndicator, CountTotals::addToIndicator, CountTotals::subtractFromIndicator,
                Named.as("sum-per-indicator"),
                Materialized.<String, IndicatorProgress, KeyValueStore<Bytes, byte[]>>as(INDICATOR_PROGRESS_STORE)
                    .withKeySerde(Serdes.String()).withValueSerde(indicatorSerde));

    // 7. Publish both levels for the ClickHouse sink and any other reader.
    areaProgress.toStream(Named.as("area-progress-changes"))
        .to(topics.areaProgress().name(),
            Produced.with(topics.areaProgress().keySerde(), areaSerde).withName("write-area-progress"));
    indicatorProgress.toStream(Named.as("indicator-progress-changes"))
        .to(topics.indicatorProgress().name(),
            Produced.with(topics.indicatorProgress().keySerde(), indicatorSerde).withName("write-indicator-progress"));

    return builder.build();
  }
}
