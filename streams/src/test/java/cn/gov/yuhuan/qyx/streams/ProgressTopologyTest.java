package cn.gov.yuhuan.qyx.streams;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import cn.gov.yuhuan.qyx.schemas.SchemalessAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.internals.DeadLetters;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTopologyTest {
  private static final Instant T0 = Instant.parse("2024-06-05T01:00:00Z");

  @TempDir Path stateDir;

  private final Topics topics = new Topics(new SchemalessAvroSerdes());
  private TopologyTestDriver driver;
  private TestInputTopic<String, ProgressReport> reports;
  private TestInputTopic<byte[], byte[]> rawReports;
  private TestOutputTopic<String, AreaProgress> areaProgress;
  private TestOutputTopic<String, IndicatorProgress> indicatorProgress;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void start() {
    var config = new PipelineConfig(Map.of(
        PipelineConfig.BOOTSTRAP_SERVERS, "unused:9092",
        PipelineConfig.SCHEMA_REGISTRY_URL, "http://unused",
        PipelineConfig.CLICKHOUSE_URL, "http://unused",
        PipelineConfig.STATE_DIR, stateDir.toString()));
    driver = new TopologyTestDriver(ProgressTopology.buildTopology(topics), StreamsApp.streamsProperties(config));
    reports = driver.createInputTopic(Topics.PROGRESS_REPORTS, topics.progressReports().keySerde().serializer(),
        topics.progressReports().valueSerde().serializer());
    rawReports = driver.createInputTopic(Topics.PROGRESS_REPORTS, new ByteArraySerializer(), new ByteArraySerializer());
    areaProgress = driver.createOutputTopic(Topics.AREA_PROGRESS, topics.areaProgress().keySerde().deserializer(),
        topics.areaProgress().valueSerde().deserializer());
    indicatorProgress = driver.createOutputTopic(Topics.INDICATOR_PROGRESS, topics.indicatorProgress().keySerde().deserializer(),
        topics.indicatorProgress().valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, topics.deadLetters().keySerde().deserializer(),
        topics.deadLetters().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldSumCountValuesOverPeriodsPerAreaAndOverAreasPerIndicator() {
    send(report("aed-1", "KANMEN", "2024-01", "3", 1));   // KANMEN 3
    send(report("aed-2", "KANMEN", "2024-02", "4", 1));   // KANMEN 3 + 4 = 7
    send(report("aed-3", "CHUMEN", "2024-01", "5", 1));   // CHUMEN 5; city 12

    Map<String, AreaProgress> areas = areaProgress.readKeyValuesToMap();
    assertThat(areas.get("health.aed_installed|KANMEN").getActual()).isEqualByComparingTo("7");
    assertThat(areas.get("health.aed_installed|KANMEN").getValueCount()).isEqualTo(2);
    assertThat(areas.get("health.aed_installed|CHUMEN").getActual()).isEqualByComparingTo("5");
    IndicatorProgress city = indicatorProgress.readKeyValuesToMap().get("health.aed_installed");
    assertThat(city.getActual()).isEqualByComparingTo("12");
    assertThat(city.getAreaCount()).isEqualTo(2);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldChangeNothingWhenTheSameReportIsSentAgain() {
    ProgressReport once = report("aed-1", "KANMEN", "2024-01", "3", 1);
    send(once);   // KANMEN 3
    send(once);   // re-sent: still 3

    assertThat(latestCity().getActual()).isEqualByComparingTo("3");
    assertThat(latestArea("KANMEN").getValueCount()).isEqualTo(1);
  }

  @Test
  void shouldReplaceTheValueWhenACorrectionArrives() {
    send(report("aed-1", "KANMEN", "2024-01", "3", 1));   // KANMEN 3
    send(report("aed-1c", "KANMEN", "2024-01", "8", 2));  // revision 2 replaces: KANMEN 8, not 11

    assertThat(latestArea("KANMEN").getActual()).isEqualByComparingTo("8");
    assertThat(latestCity().getActual()).isEqualByComparingTo("8");
  }

  @Test
  void shouldKeepTheNewerRevisionWhenAnOlderOneArrivesLate() {
    send(report("aed-1c", "KANMEN", "2024-01", "8", 2));  // revision 2 first: KANMEN 8
    send(report("aed-1", "KANMEN", "2024-01", "3", 1));   // late revision 1 loses: still 8

    assertThat(latestArea("KANMEN").getActual()).isEqualByComparingTo("8");
    assertThat(latestCity().getActual()).isEqualByComparingTo("8");
  }

  @Test
  void shouldRemoveTheValueWhenItIsRetracted() {
    send(report("aed-1", "KANMEN", "2024-01", "3", 1));   // KANMEN 3
    send(report("aed-2", "KANMEN", "2024-02", "4", 1));   // KANMEN 7
    ProgressReport retraction = report("aed-1x", "KANMEN", "2024-01", null, 2);
    retraction.setRetracted(true);
    send(retraction);                                     // January withdrawn: KANMEN 4

    AreaProgress kanmen = latestArea("KANMEN");
    assertThat(kanmen.getActual()).isEqualByComparingTo("4");
    assertThat(kanmen.getValueCount()).isEqualTo(1);
    assertThat(latestCity().getActual()).isEqualByComparingTo("4");
  }

  @Test
  void shouldRaiseTheVersionOnEveryChangeSoClickHouseKeepsTheLatestRow() {
    send(report("aed-1", "KANMEN", "2024-01", "3", 1));
    long first = latestArea("KANMEN").getVersion();
    send(report("aed-1c", "KANMEN", "2024-01", "8", 2));

    assertThat(latestArea("KANMEN").getVersion()).isGreaterThan(first);
  }

  @Test
  void shouldSkipUndecodableBytesAndKeepProcessing() {
    // TopologyTestDriver does not forward dead letters of the deserialization handler;
    // DeadLettersTest covers the record it builds and PipelineIT that it reaches the topic.
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    rawReports.pipeInput("k".getBytes(StandardCharsets.UTF_8), garbage, T0);  // undecodable: skipped
    send(report("aed-1", "KANMEN", "2024-01", "3", 1));                        // next report still counted

    assertThat(latestCity().getActual()).isEqualByComparingTo("3");
    assertThat(droppedRecords()).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterANegativeCountWithItsReasonAndNotCountIt() {
    send(report("aed-1", "KANMEN", "2024-01", "3", 1));    // KANMEN 3
    send(report("aed-2", "KANMEN", "2024-02", "-2", 1));   // rejected: NEGATIVE_COUNT

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("NEGATIVE_COUNT");
    assertThat(header(dead, "__streams.errors.message")).contains("-2");
    assertThat(header(dead, "__streams.errors.topic")).isEqualTo(Topics.PROGRESS_REPORTS);
    assertThat(header(dead, "__streams.errors.offset")).isEqualTo("1");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(latestCity().getActual()).isEqualByComparingTo("3");
  }

  @Test
  void shouldDeadLetterACountReportWithoutValue() {
    send(report("aed-1", "KANMEN", "2024-01", null, 1));   // rejected: MISSING_VALUE

    assertThat(header(deadLetters.readRecord(), DeadLetters.REASON_HEADER)).isEqualTo("MISSING_VALUE");
    assertThat(indicatorProgress.isEmpty()).isTrue();
  }

  private double droppedRecords() {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("dropped-records-total") && e.getKey().group().equals("stream-task-metrics"))
        .mapToDouble(e -> (Double) e.getValue().metricValue())
        .sum();
  }

  private void send(ProgressReport report) {
    reports.pipeInput("any-key", report, T0);
  }

  private AreaProgress latestArea(String area) {
    return areaProgress.readKeyValuesToMap().get("health.aed_installed|" + area);
  }

  private IndicatorProgress latestCity() {
    return indicatorProgress.readKeyValuesToMap().get("health.aed_installed");
  }

  private static String header(TestRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static ProgressReport report(String eventId, String area, String period, String value, int revision) {
    return ProgressReport.newBuilder()
        .setEventId(eventId)
        .setIndicatorId("health.aed_installed")
        .setAreaCode(area)
        .setPeriod(period)
        .setReportingUnit("市卫生健康局")
        .setValue(value == null ? null : new BigDecimal(value).setScale(Decimals.SCALE))
        .setRevision(revision)
        .setReportedAt(T0.plusSeconds(revision))
        .build();
  }
}
