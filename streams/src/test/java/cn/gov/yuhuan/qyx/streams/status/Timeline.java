package cn.gov.yuhuan.qyx.streams.status;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.ClockTick;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.schemas.SchemalessAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
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

/**
 * A scripted sequence of reports, ticks and silences through the real topology, in the manner of
 * Alertmanager's acceptance tests: each step happens on a simulated day, and the test reads back
 * the statuses and the alert records that step caused. Only the indicators named are in the
 * catalog, so every alert seen is one the script provoked.
 */
final class Timeline implements AutoCloseable {
  private static final Catalog PLAN = Catalog.load(Path.of("../catalog/data"));
  private static final Duration QUIET_AND_A_CHECK =
      Duration.ofMillis((Long) PipelineConfig.defaultValues().get(PipelineConfig.ALERT_QUIET_MS)).plusSeconds(1);

  private final Topics topics = new Topics(new SchemalessAvroSerdes());
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, ProgressReport> reports;
  private final TestInputTopic<String, ClockTick> clock;
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
    Map<String, Object> config = new HashMap<>(settings);
    config.put(PipelineConfig.BOOTSTRAP_SERVERS, "unused:9092");
    config.put(PipelineConfig.SCHEMA_REGISTRY_URL, "http://unused");
    config.put(PipelineConfig.CLICKHOUSE_URL, "http://unused");
    config.put(PipelineConfig.STATE_DIR, stateDir.toString());
    config.put(PipelineConfig.TOPIC_PARTITIONS, 1); // as TopologyTestDriver has
    var pipeline = new PipelineConfig(config);
    // The wall clock starts with the plan year, so the script's ticks are live ones.
    driver = new TopologyTestDriver(ProgressTopology.buildTopology(new SchemalessAvroSerdes(), StatusSettings.from(pipeline)),
        StreamsApp.streamsProperties(pipeline), at("2024-01-01", LocalTime.MIDNIGHT));
    publish(Set.of(indicatorIds));
    reports = input(topics.progressReports().name(), topics.progressReports().valueSerde().serializer());
    clock = input(topics.clock().name(), topics.clock().valueSerde().serializer());
    silences = input(topics.silences().name(), topics.silences().valueSerde().serializer());
    rows = driver.createOutputTopic(Topics.INDICATOR_PROGRESS, new StringDeserializer(), topics.indicatorProgress().valueSerde().deserializer());
    historyRows = driver.createOutputTopic(Topics.STATUS_HISTORY, new StringDeserializer(), topics.statusHistory().valueSerde().deserializer());
    alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), topics.alerts().valueSerde().deserializer());
  }

  private void publish(Set<String> indicatorIds) {
    var indicators = input(Topics.REF_INDICATORS, topics.indicators().valueSerde().serializer());
    var areas = input(Topics.REF_AREAS, topics.areas().valueSerde().serializer());
    var units = input(Topics.REF_UNITS, topics.units().valueSerde().serializer());
    PLAN.indicators().stream().filter(i -> indicatorIds.contains(i.getId())).forEach(i -> indicators.pipeInput(i.getId(), i));
    PLAN.areas().forEach(a -> areas.pipeInput(a.getCode(), a));
    PLAN.units().forEach(u -> units.pipeInput(u.getCode(), u));
  }

  private <V> TestInputTopic<String, V> input(String topic, org.apache.kafka.common.serialization.Serializer<V> values) {
    return driver.createInputTopic(topic, new org.apache.kafka.common.serialization.StringSerializer(), values);
  }

  /** The unit reports on {@code day}, at 10:00 Yuhuan time. */
  Timeline report(String day, Reports.Builder report) {
    Instant at = at(day, LocalTime.of(10, 0));
    reports.pipeInput("any", report.reportedAt(at).build(), at);
    return settle();
  }

  /**
   * Lets the wall clock run past {@code alert.quiet.ms} with no new value, so waiting alerts are
   * judged, as they are a few seconds after a tick in a live pipeline.
   */
  Timeline settle() {
    driver.advanceWallClockTime(QUIET_AND_A_CHECK);
    return this;
  }

  /**
   * A report sent on {@code day} that reaches the evaluator only now, after later ticks (as one
   * held up in a repartition during a replay would): its record keeps the time it was sent.
   */
  Timeline lateReport(String day, Reports.Builder report) {
    return report(day, report);
  }

  /** As {@link #lateReport}, before the waiting alerts are judged. */
  Timeline lateReportUnsettled(String day, Reports.Builder report) {
    Instant at = at(day, LocalTime.of(10, 0));
    reports.pipeInput("any", report.reportedAt(at).build(), at);
    return this;
  }

  /** Lets the wall clock run on by {@code duration}, less than {@code alert.quiet.ms} for a test of the values' own progress. */
  Timeline advance(Duration duration) {
    driver.advanceWallClockTime(duration);
    return this;
  }

  /** A report sent on {@code day}, before the waiting alerts are judged. */
  Timeline reportUnsettled(String day, Reports.Builder report) {
    Instant at = at(day, LocalTime.of(10, 0));
    reports.pipeInput("any", report.reportedAt(at).build(), at);
    return this;
  }

  /** The clock says {@code day} (at 23:00 Yuhuan time, after that day's reports). */
  Timeline tick(String day) {
    return tickUnsettled(day).settle();
  }

  /** The clock says {@code day}, and values may still arrive before its alerts are judged. */
  Timeline tickUnsettled(String day) {
    Instant at = at(day, LocalTime.of(23, 0));
    clock.pipeInput("clock", new ClockTick(LocalDate.parse(day), at, "test"), at);
    return this;
  }

  Timeline silence(String id, String indicatorId, String kind, String expires) {
    Instant now = Instant.now();
    silences.pipeInput(id, new Silence(id, indicatorId, null, kind, "批准缓报", "专班办公室", null, LocalDate.parse(expires), now), now);
    return this;
  }

  /** The indicator's latest row, status and all. */
  IndicatorProgress row(String indicatorId) {
    drain();
    return latest.get(indicatorId);
  }

  /** The indicator's evaluation at {@code asOf} as status history has it now. */
  IndicatorProgress history(String indicatorId, String asOf) {
    drain();
    return history.get(indicatorId + "|CITY|" + asOf);
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
