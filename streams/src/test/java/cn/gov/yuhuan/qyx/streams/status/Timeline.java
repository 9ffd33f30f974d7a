package cn.gov.yuhuan.qyx.streams.status;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.ReferenceData;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.ClockTick;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.fixtures.SentBy;
import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.producers.simulate.Send;
import cn.gov.yuhuan.qyx.producers.simulate.YearSimulation;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import cn.gov.yuhuan.qyx.schemas.SchemalessAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.state.IndicatorInput;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import cn.gov.yuhuan.qyx.streams.ProgressTopology;
import cn.gov.yuhuan.qyx.streams.StatusSettings;
import cn.gov.yuhuan.qyx.streams.StreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A scripted sequence of reports, ticks and silences through the real topology, in the manner of
 * Alertmanager's acceptance tests: each step happens on a simulated day, and the test reads back
 * the statuses and the alert records that step caused. Only the indicators named are in the
 * catalog, so every alert seen is one the script provoked.
 */
final class Timeline implements AutoCloseable {
  private static final Catalog PLAN = Catalog.load(Path.of("../catalog/data"));
  /** Longer than the indicator stage keeps rows before it writes them. */
  private static final Duration A_FLUSH = Duration.ofMillis(200);

  private final Topics topics = new Topics(new SchemalessAvroSerdes());
  private final Catalog catalog;
  /** The driver's wall clock, in epoch milliseconds. */
  private long wallClock;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, ProgressReport> reports;
  private final TestInputTopic<String, Silence> silences;
  private final TestOutputTopic<String, IndicatorProgress> rows;
  private final TestOutputTopic<String, Alert> alerts;
  private final TestOutputTopic<String, IndicatorProgress> historyRows;
  private final Map<String, IndicatorProgress> history = new HashMap<>();
  private final Map<String, IndicatorProgress> latest = new HashMap<>();
  private final List<Alert> alertLog = new ArrayList<>();

  /**
   * @param settings extra pipeline settings, e.g. {@code alert.for.evaluations}
   * @param indicatorIds the plan's indicators to publish
   */
  Timeline(Path stateDir, Map<String, Object> settings, String... indicatorIds) {
    this(stateDir, settings, 1, indicatorIds);
  }

  /**
   * @param eventLogPartitions partitions of the event log the indicator stage waits for: the
   *     driver has one, the others are played by {@link #fromPartition}
   */
  Timeline(Path stateDir, Map<String, Object> settings, int eventLogPartitions, String... indicatorIds) {
    this(stateDir, settings, PLAN, eventLogPartitions, indicatorIds);
  }

  /** @param catalog the plans to publish the named indicators of (every plan year and edition of each) */
  Timeline(Path stateDir, Map<String, Object> settings, Catalog catalog, int eventLogPartitions, String... indicatorIds) {
    this.catalog = catalog;
    Map<String, Object> config = new HashMap<>(settings);
    config.put(PipelineConfig.BOOTSTRAP_SERVERS, "unused:9092");
    config.put(PipelineConfig.SCHEMA_REGISTRY_URL, "http://unused");
    config.put(PipelineConfig.CLICKHOUSE_URL, "http://unused");
    config.put(PipelineConfig.STATE_DIR, stateDir.toString());
    config.put(PipelineConfig.TOPIC_PARTITIONS, 1); // as TopologyTestDriver has
    var pipeline = new PipelineConfig(config);
    // The wall clock starts with the plan year, so the script's ticks are live ones.
    driver = new TopologyTestDriver(ProgressTopology.buildTopology(new SchemalessAvroSerdes(),
            StatusSettings.from(pipeline).withEventLogPartitions(eventLogPartitions)),
        StreamsApp.streamsProperties(pipeline), at("2024-01-01", LocalTime.MIDNIGHT));
    wallClock = at("2024-01-01", LocalTime.MIDNIGHT).toEpochMilli();
    publish(Set.of(indicatorIds));
    reports = input(topics.progressReports().name(), topics.progressReports().valueSerde().serializer());
    silences = input(topics.silences().name(), topics.silences().valueSerde().serializer());
    rows = driver.createOutputTopic(Topics.INDICATOR_PROGRESS, new StringDeserializer(), topics.indicatorProgress().valueSerde().deserializer());
    historyRows = driver.createOutputTopic(Topics.STATUS_HISTORY, new StringDeserializer(), topics.statusHistory().valueSerde().deserializer());
    alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), topics.alerts().valueSerde().deserializer());
    byIndicator = driver.createInputTopic(BY_INDICATOR, new org.apache.kafka.common.serialization.StringSerializer(),
        new SchemalessAvroSerdes().forValues(IndicatorInput.class).serializer());
  }

  /** The indicator stage's input, which the checking stage of every partition of the event log writes. */
  private static final String BY_INDICATOR = "qyx-streams-to-indicator-stage-repartition";
  private final TestInputTopic<String, IndicatorInput> byIndicator;

  /**
   * What the checking stage of another partition of the event log sends the indicator stage: the
   * driver runs one partition, so a test of how partitions wait for each other plays the others.
   */
  final class OtherPartition {
    private final int partition;

    private OtherPartition(int partition) {
      this.partition = partition;
    }

    /** This partition has read the tick of {@code day} (at 23:00, as {@link #tick}). */
    OtherPartition passes(String day) {
      Instant at = at(day, LocalTime.of(23, 0));
      byIndicator.pipeInput("passed", new IndicatorInput(partition, null, null, LocalDate.parse(day)), at);
      return this;
    }

    /** A report read on this partition on {@code day} at 10:00, after the tick of {@code countsFrom}. */
    OtherPartition report(String day, String countsFrom, Reports.Builder report) {
      Instant at = at(day, LocalTime.of(10, 0));
      ProgressReport checked = report.reportedAt(at).build();
      var result = ReportRules.check(checked, reference());
      DataValue value = cn.gov.yuhuan.qyx.streams.internals.CheckReport.toDataValue(result.accepted().orElseThrow(), partition, offset++);
      byIndicator.pipeInput(value.getIndicatorId(), new IndicatorInput(partition, value, LocalDate.parse(countsFrom), null), at);
      return this;
    }

    private long offset;
  }

  OtherPartition fromPartition(int partition) {
    return new OtherPartition(partition);
  }

  private ReferenceData reference() {
    return ReferenceData.of(catalog);
  }

  private void publish(Set<String> indicatorIds) {
    var indicators = input(Topics.REF_INDICATORS, topics.indicators().valueSerde().serializer());
    var areas = input(Topics.REF_AREAS, topics.areas().valueSerde().serializer());
    var units = input(Topics.REF_UNITS, topics.units().valueSerde().serializer());
    catalog.publishedIndicators().forEach((key, edition) -> {
      if (indicatorIds.contains(edition.getId())) {
        indicators.pipeInput(key, edition);
      }
    });
    catalog.areas().forEach(a -> areas.pipeInput(a.getCode(), a));
    catalog.units().forEach(u -> units.pipeInput(u.getCode(), u));
  }

  private <V> TestInputTopic<String, V> input(String topic, org.apache.kafka.common.serialization.Serializer<V> values) {
    return driver.createInputTopic(topic, new org.apache.kafka.common.serialization.StringSerializer(), values);
  }

  /** The unit reports on {@code day}, at 10:00 Yuhuan time. */
  Timeline report(String day, Reports.Builder report) {
    Instant at = at(day, LocalTime.of(10, 0));
    reports.pipeInput(SentBy.itsUnit(report.reportedAt(at).build(), at));
    return settle();
  }

  /** Lets the wall clock run past the indicator stage's next flush, so the rows written so far come out. */
  Timeline settle() {
    driver.advanceWallClockTime(A_FLUSH);
    wallClock += A_FLUSH.toMillis();
    return this;
  }

  /** A report exactly as a unit system made it (a simulated one), read at {@code at}; rows not flushed yet. */
  Timeline sendUnsettled(ProgressReport report, Instant at) {
    reports.pipeInput(SentBy.itsUnit(report, at));
    return this;
  }

  /**
   * A simulated year's good records as they were sent, with a tick at the end of every day from 1
   * January 2024 to {@code lastDay} after that day's records; then settled.
   */
  Timeline play(List<Send> sends, LocalDate lastDay) {
    int next = 0;
    for (LocalDate day = LocalDate.of(2024, 1, 1); !day.isAfter(lastDay); day = day.plusDays(1)) {
      while (next < sends.size() && !YearSimulation.sentOn(sends.get(next)).isAfter(day)) {
        Send send = sends.get(next++);
        sendUnsettled(((Send.Good) send).report(), send.sentAt());
      }
      tickUnsettled(day.toString());
    }
    return settle();
  }

  /** A report sent on {@code day}, before the indicator stage flushes its rows. */
  Timeline reportUnsettled(String day, Reports.Builder report) {
    Instant at = at(day, LocalTime.of(10, 0));
    reports.pipeInput(SentBy.itsUnit(report.reportedAt(at).build(), at));
    return this;
  }

  /** The clock says {@code day} (at 23:00 Yuhuan time, after that day's reports). */
  Timeline tick(String day) {
    return tickUnsettled(day).settle();
  }

  /** The clock says {@code day}, before the indicator stage flushes its rows. */
  Timeline tickUnsettled(String day) {
    Instant at = at(day, LocalTime.of(23, 0));
    // The wall clock keeps up with the script's days: a tick ahead of it by more than a day is refused.
    long behind = at.toEpochMilli() - wallClock;
    if (behind > 0) {
      driver.advanceWallClockTime(Duration.ofMillis(behind));
      wallClock += behind;
    }
    for (var tick : ClockTicks.eventLogRecords(new ClockTick(LocalDate.parse(day), at, "test"), 1)) {
      reports.pipeInput(new TestRecord<>(ClockTicks.KEY, (ProgressReport) null, tick.headers(), at));
    }
    return this;
  }

  Timeline silence(String id, String indicatorId, String kind, String expires) {
    Instant now = Instant.now();
    silences.pipeInput(id, new Silence(id, indicatorId, null, kind, "批准缓报", "专班办公室", null, LocalDate.parse(expires), now), now);
    return this;
  }

  /** The indicator's latest row in the catalog's latest plan year, status and all. */
  IndicatorProgress row(String indicatorId) {
    return row(indicatorId, catalog.latestPlanYear());
  }

  /** The indicator's latest row in that plan year. */
  IndicatorProgress row(String indicatorId, int planYear) {
    drain();
    return latest.get(PlanKeys.planIndicator(indicatorId, planYear));
  }

  /** The indicator's evaluation at {@code asOf} as status history has it now (the catalog's latest plan year). */
  IndicatorProgress history(String indicatorId, String asOf) {
    return history(indicatorId, catalog.latestPlanYear(), asOf);
  }

  IndicatorProgress history(String indicatorId, int planYear, String asOf) {
    drain();
    return history.get(EvaluateIndicators.historyKey(PlanKeys.planIndicator(indicatorId, planYear), LocalDate.parse(asOf)));
  }

  String status(String indicatorId) {
    return row(indicatorId).getStatus();
  }

  /**
   * The alert records written since the last call, each as {@code "<as_of> <kind> <state>
   * notice=<notice>[ muted_by=<why>]"}, in the order written.
   */
  List<String> newAlerts() {
    drain();
    List<String> lines = alertLog.stream().map(Timeline::describe).toList();
    alertLog.clear();
    return lines;
  }

  /** Every alert record written so far, as written (for comparing two runs). */
  List<Alert> allAlerts = new ArrayList<>();

  private void drain() {
    rows.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
    historyRows.readRecordsToList().forEach(r -> history.put(r.key(), r.value()));
    for (var record : alerts.readRecordsToList()) {
      alertLog.add(record.value());
      allAlerts.add(record.value());
    }
  }

  private static String describe(Alert alert) {
    return alert.getAsOf() + " " + alert.getKind() + " " + alert.getState() + " notice=" + alert.getNotice()
        + (alert.getMutedBy() == null ? "" : " muted_by=" + alert.getMutedBy());
  }

  private static Instant at(String day, LocalTime time) {
    return LocalDate.parse(day).atTime(time).atZone(ReportRules.PLAN_ZONE).toInstant();
  }

  @Override
  public void close() {
    driver.close();
  }
}
