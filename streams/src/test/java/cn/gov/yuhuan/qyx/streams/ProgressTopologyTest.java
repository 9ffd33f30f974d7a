package cn.gov.yuhuan.qyx.streams;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.ClockTick;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.GroupProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.fixtures.MixedBatch;
import cn.gov.yuhuan.qyx.fixtures.SentBy;
import cn.gov.yuhuan.qyx.reference.AreaScope;
import cn.gov.yuhuan.qyx.reference.Cadence;
import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import cn.gov.yuhuan.qyx.schemas.SchemalessAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.internals.DeadLetters;
import cn.gov.yuhuan.qyx.streams.internals.LatestTick;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology against the plan's real catalog, plus two test-only township indicators. */
class ProgressTopologyTest {
  /** 5 July 2024, Yuhuan time: June's reports are in. */
  private static final Instant JULY_5 = Instant.parse("2024-07-05T01:00:00Z");
  private static final String AED = "health.aed_installed";                  // COUNT, TOWNSHIP, 187 台, MONTHLY
  private static final String HR_AGENCIES = "employment.hr_service_agencies"; // LEVEL, CITY, 80 家, MONTHLY
  private static final String UNEMPLOYMENT = "employment.urban_unemployment_rate"; // RATIO, CITY, AT_MOST 5 %, QUARTERLY
  private static final String STANDARD = "integration.public_service_standard"; // MILESTONE, CITY, ONCE
  private static final String COVERAGE = "test.township_coverage";           // RATIO, TOWNSHIP, 90 %, test-only
  private static final String STAFF = "test.township_staff";                 // LEVEL, TOWNSHIP, 100 人, test-only
  private static final String TRAINED = "test.cumulative_trained";           // COUNT, TOWNSHIP, 100 人 from a baseline of 40, test-only

  @TempDir Path stateDir;

  private final Topics topics = new Topics(new SchemalessAvroSerdes());
  private TopologyTestDriver driver;
  private TestInputTopic<String, ProgressReport> reports;
  private TestInputTopic<byte[], byte[]> rawReports;
  private TestOutputTopic<String, DataValue> accepted;
  private TestOutputTopic<String, AreaProgress> areaProgress;
  private TestOutputTopic<String, IndicatorProgress> indicatorProgress;
  private TestOutputTopic<String, GroupProgress> domainProgress;
  private TestOutputTopic<String, GroupProgress> unitProgress;
  private TestOutputTopic<byte[], byte[]> deadLetters;
  private int eventNumber;

  @BeforeEach
  void start() {
    var config = new PipelineConfig(Map.of(
        PipelineConfig.BOOTSTRAP_SERVERS, "unused:9092",
        PipelineConfig.SCHEMA_REGISTRY_URL, "http://unused",
        PipelineConfig.CLICKHOUSE_URL, "http://unused",
        PipelineConfig.STATE_DIR, stateDir.toString()));
    driver = new TopologyTestDriver(ProgressTopology.buildTopology(new SchemalessAvroSerdes(), StatusSettings.from(config)), StreamsApp.streamsProperties(config));
    publishCatalog();
    reports = driver.createInputTopic(Topics.PROGRESS_REPORTS, topics.progressReports().keySerde().serializer(),
        topics.progressReports().valueSerde().serializer());
    rawReports = driver.createInputTopic(Topics.PROGRESS_REPORTS, new ByteArraySerializer(), new ByteArraySerializer());
    accepted = output(Topics.ACCEPTED_REPORTS, topics.acceptedReports().valueSerde().deserializer());
    areaProgress = output(Topics.AREA_PROGRESS, topics.areaProgress().valueSerde().deserializer());
    indicatorProgress = output(Topics.INDICATOR_PROGRESS, topics.indicatorProgress().valueSerde().deserializer());
    domainProgress = output(Topics.DOMAIN_PROGRESS, topics.domainProgress().valueSerde().deserializer());
    unitProgress = output(Topics.UNIT_PROGRESS, topics.unitProgress().valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, topics.deadLetters().keySerde().deserializer(),
        topics.deadLetters().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  // ---- COUNT and the data-value rules ----

  @Test
  void shouldSumACountOverPeriodsPerAreaAndOverAreasForTheCity() {
    send(count(AED, "KANMEN", "2024-05", "3"));   // KANMEN 3
    send(count(AED, "KANMEN", "2024-06", "4"));   // KANMEN 3 + 4 = 7
    send(count(AED, "CHUMEN", "2024-05", "5"));   // CHUMEN 5; city 12

    assertThat(area(AED, "KANMEN").getActual()).isEqualByComparingTo("7");
    assertThat(area(AED, "KANMEN").getValueCount()).isEqualTo(2);
    assertThat(area(AED, "KANMEN").getLatestPeriod()).isEqualTo("2024-06");
    assertThat(area(AED, "CHUMEN").getActual()).isEqualByComparingTo("5");
    IndicatorProgress city = city(AED);
    assertThat(city.getActual()).isEqualByComparingTo("12");
    assertThat(city.getAreaCount()).isEqualTo(2);
    assertThat(city.getTarget()).isEqualByComparingTo("187");
    assertThat(city.getCompletion()).isEqualByComparingTo("0.0642");   // 12 / 187
    assertThat(city.getAchieved()).isFalse();
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldChangeNothingWhenTheSameReportIsSentAgain() {
    ProgressReport once = count(AED, "KANMEN", "2024-05", "3");
    send(once);   // KANMEN 3
    assertThat(city(AED).getActual()).isEqualByComparingTo("3");
    assertThat(area(AED, "KANMEN").getValueCount()).isEqualTo(1);

    send(once);   // re-sent: still 3, and no row is written again
    assertThat(areaProgress.isEmpty()).as("no area row").isTrue();
    assertThat(indicatorProgress.isEmpty()).as("no indicator row").isTrue();
    assertThat(accepted.readValuesToList()).as("landed in progress_events as received, twice").hasSize(2);
  }

  @Test
  void shouldReplaceTheValueWhenACorrectionArrives() {
    send(count(AED, "KANMEN", "2024-05", "3"));                // KANMEN 3
    send(revise(count(AED, "KANMEN", "2024-05", "8"), 2));     // revision 2 replaces: 8, not 11

    assertThat(area(AED, "KANMEN").getActual()).isEqualByComparingTo("8");
    assertThat(city(AED).getActual()).isEqualByComparingTo("8");
  }

  @Test
  void shouldKeepTheNewerRevisionWhenAnOlderOneArrivesLate() {
    send(revise(count(AED, "KANMEN", "2024-05", "8"), 2));     // revision 2 first: 8
    send(count(AED, "KANMEN", "2024-05", "3"));                // late revision 1 loses: still 8

    assertThat(city(AED).getActual()).isEqualByComparingTo("8");
  }

  @Test
  void shouldRemoveTheValueWhenItIsRetracted() {
    send(count(AED, "KANMEN", "2024-05", "3"));                // KANMEN 3
    send(count(AED, "KANMEN", "2024-06", "4"));                // KANMEN 7
    send(retract(AED, "KANMEN", "2024-05", 2));                // May withdrawn: KANMEN 4

    assertThat(area(AED, "KANMEN").getActual()).isEqualByComparingTo("4");
    assertThat(area(AED, "KANMEN").getValueCount()).isEqualTo(1);
    assertThat(city(AED).getActual()).isEqualByComparingTo("4");
  }

  @Test
  void shouldPublishEachAcceptedReportWithItsIndicatorsKindDomainAndLeadUnit() {
    send(count(AED, "KANMEN", "2024-05", "3"));

    TestRecord<String, DataValue> record = accepted.readRecord();
    assertThat(record.key()).isEqualTo(AED + "|KANMEN|2024-05");
    assertThat(record.value().getKind()).isEqualTo(Kind.COUNT);
    assertThat(record.value().getDomain()).isEqualTo("HEALTH");
    assertThat(record.value().getLeadUnit()).isEqualTo("市卫生健康局");
    assertThat(record.value().getPeriodStart()).isEqualTo(LocalDate.of(2024, 5, 1));
    assertThat(accepted.isEmpty()).isTrue();
  }

  @Test
  void shouldRaiseTheVersionOnEveryChangeSoClickHouseKeepsTheLatestRow() {
    send(count(AED, "KANMEN", "2024-05", "3"));
    long first = area(AED, "KANMEN").getVersion();
    long firstCity = city(AED).getVersion();
    send(revise(count(AED, "KANMEN", "2024-05", "8"), 2));

    assertThat(area(AED, "KANMEN").getVersion()).isGreaterThan(first);
    assertThat(city(AED).getVersion()).isGreaterThan(firstCity);
  }

  // ---- LEVEL ----

  @Test
  void shouldTakeTheLatestPeriodOfALevelNotTheSum() {
    send(level(HR_AGENCIES, "CITY", "2024-05", "76").build());   // May: 76 agencies
    send(level(HR_AGENCIES, "CITY", "2024-06", "79").build());   // June: 79, the latest

    assertThat(city(HR_AGENCIES).getActual()).isEqualByComparingTo("79");
  }

  @Test
  void shouldFallBackToThePreviousPeriodWhenTheLatestLevelIsRetracted() {
    send(level(HR_AGENCIES, "CITY", "2024-05", "76").build());
    send(level(HR_AGENCIES, "CITY", "2024-06", "79").build());
    send(retract(HR_AGENCIES, "CITY", "2024-06", 2));   // June withdrawn: May's 76 stands

    assertThat(city(HR_AGENCIES).getActual()).isEqualByComparingTo("76");
  }

  @Test
  void shouldSumTheLatestLevelOfEachTownshipForTheCity() {
    send(level(STAFF, "KANMEN", "2024-05", "10").build());
    send(level(STAFF, "KANMEN", "2024-06", "12").build());   // KANMEN now 12
    send(level(STAFF, "CHUMEN", "2024-06", "30").build());   // CHUMEN 30; city 42

    assertThat(city(STAFF).getActual()).isEqualByComparingTo("42");
  }

  // ---- RATIO ----

  @Test
  void shouldComputeTheCityRatioFromSummedNumeratorsAndDenominatorsNotAnAverageOfPercentages() {
    send(ratio(COVERAGE, "KANMEN", "2024-Q2", "9", "10"));     // 90%
    send(ratio(COVERAGE, "CHUMEN", "2024-Q2", "50", "100"));   // 50%; average would be 70%

    assertThat(area(COVERAGE, "KANMEN").getActual()).isEqualByComparingTo("90");
    IndicatorProgress city = city(COVERAGE);
    assertThat(city.getActual()).isEqualByComparingTo("53.6364");   // 59 / 110 × 100
    assertThat(city.getNumerator()).isEqualByComparingTo("59");
    assertThat(city.getDenominator()).isEqualByComparingTo("110");
  }

  @Test
  void shouldAchieveACeilingWhileStayingUnderIt() {
    send(ratio(UNEMPLOYMENT, "CITY", "2024-Q1", "42", "1000"));   // 4.2% ≤ 5%

    IndicatorProgress city = city(UNEMPLOYMENT);
    assertThat(city.getActual()).isEqualByComparingTo("4.2");
    assertThat(city.getAchieved()).isTrue();
    assertThat(city.getCompletion()).isEqualByComparingTo("1");
  }

  @Test
  void shouldScoreABreachedCeilingByHowFarItIsExceeded() {
    send(ratio(UNEMPLOYMENT, "CITY", "2024-Q1", "42", "1000"));   // Q1 4.2%
    send(ratio(UNEMPLOYMENT, "CITY", "2024-Q2", "55", "1000"));   // Q2 5.5%, the latest, above 5%

    IndicatorProgress city = city(UNEMPLOYMENT);
    assertThat(city.getActual()).isEqualByComparingTo("5.5");
    assertThat(city.getAchieved()).isFalse();
    assertThat(city.getCompletion()).isEqualByComparingTo("0.9091");   // 5 / 5.5
  }

  // ---- MILESTONE ----

  @Test
  void shouldMarkAMilestoneAchievedWhenReportedDone() {
    send(level(STANDARD, "CITY", "2024-06-28", "1").setReportingUnitAndReturn("市发改局"));

    assertThat(city(STANDARD).getAchieved()).isTrue();
    assertThat(city(STANDARD).getCompletion()).isEqualByComparingTo("1");
  }

  // ---- domains and lead units ----

  @Test
  void shouldCountAJointlyLedIndicatorForEachOfItsLeadUnits() {
    // Section (八)1: 改建2个“一老一小”融合服务示范场景, nine lead units, 清港镇 the last of them.
    send(level("integration.elderly_child_scenes", "QINGGANG", "2024-05", "1").setReportingUnitAndReturn("清港镇"));

    for (String unit : List.of("市公共服务优质共享行动专班办公室", "市民政局", "团市委", "玉城街道", "清港镇")) {
      assertThat(leadUnit(unit)).as(unit).isNotNull();
      assertThat(leadUnit(unit).getReportedIndicators()).as(unit).isEqualTo(1);
    }
    assertThat(domain("INTEGRATION").getReportedIndicators()).as("but once for its domain").isEqualTo(1);
  }

  @Test
  void shouldCountACumulativeTargetFromItsBaseline() {
    send(count(TRAINED, "KANMEN", "2024-05", "10"));   // 40 trained before the plan year, 10 in May

    assertThat(city(TRAINED).getActual()).isEqualByComparingTo("50");
    assertThat(area(TRAINED, "KANMEN").getActual()).as("the area's own reports").isEqualByComparingTo("10");
  }

  @Test
  void shouldCountReportedAndAchievedIndicatorsPerDomainAndLeadUnit() {
    send(count(AED, "KANMEN", "2024-05", "187"));                  // HEALTH: AED achieved (187 / 187)
    send(count("health.first_aid_trained", "KANMEN", "2024-05", "187"));   // HEALTH: first aid 187 / 935 = 0.2
    send(ratio(UNEMPLOYMENT, "CITY", "2024-Q1", "42", "1000"));    // EMPLOYMENT: achieved

    GroupProgress health = domain("HEALTH");
    assertThat(health.getReportedIndicators()).isEqualTo(2);
    assertThat(health.getAchievedIndicators()).isEqualTo(1);
    assertThat(health.getCompletionSum()).isEqualByComparingTo("1.2");
    assertThat(leadUnit("市卫生健康局").getReportedIndicators()).isEqualTo(2);
    assertThat(leadUnit("市人力社保局").getAchievedIndicators()).isEqualTo(1);
  }

  @Test
  void shouldMoveTheDomainTotalsWhenAnIndicatorChanges() {
    send(count(AED, "KANMEN", "2024-05", "187"));                // achieved
    send(revise(count(AED, "KANMEN", "2024-05", "100"), 2));     // corrected down: no longer achieved

    GroupProgress health = domain("HEALTH");
    assertThat(health.getReportedIndicators()).isEqualTo(1);
    assertThat(health.getAchievedIndicators()).isZero();
    assertThat(health.getCompletionSum()).isEqualByComparingTo("0.5348");   // 100 / 187
  }

  // ---- bad input ----

  @Test
  void shouldDeadLetterAReportTheCatalogRejectsWithItsReasonAndCountNothing() {
    send(count("health.no_such_indicator", "KANMEN", "2024-05", "3"));   // rejected
    send(count(AED, "KANMEN", "2024-05", "3"));                          // counted

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("UNKNOWN_INDICATOR");
    assertThat(header(dead, "__streams.errors.message")).contains("health.no_such_indicator");
    assertThat(header(dead, "__streams.errors.topic")).isEqualTo(Topics.PROGRESS_REPORTS);
    assertThat(header(dead, "__streams.errors.offset")).isEqualTo("0");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(city(AED).getActual()).isEqualByComparingTo("3");
  }

  @Test
  void shouldDeadLetterEveryBadReportWithTheReasonOfTheRuleItBreaks() {
    MixedBatch batch = new MixedBatch();
    for (MixedBatch.Rejected bad : batch.rejected()) {
      reports.pipeInput(SentBy.itsUnit(bad.report(), JULY_5));

      TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
      assertThat(header(dead, DeadLetters.REASON_HEADER)).as(bad.report().getEventId()).isEqualTo(bad.reason().name());
      assertThat(deadLetters.isEmpty()).isTrue();
    }
    assertThat(batch.rejected()).hasSize(16);   // every reason but the two of undecodable bytes, VALUE_OUT_OF_RANGE and PROCESSING_ERROR
    assertThat(accepted.isEmpty()).as("nothing bad was accepted").isTrue();
  }

  @Test
  void shouldDeadLetterAReportSentWithAnotherUnitsLoginOrWithNoUnitsLoginAndCountOnlyTheUnitsOwn() {
    reports.pipeInput(SentBy.account("education", count(AED, "KANMEN", "2024-05", "3"), JULY_5)); // 市卫生健康局's, from 市教育局's topic
    reports.pipeInput(SentBy.account(null, count(AED, "KANMEN", "2024-06", "4"), JULY_5));        // straight into the event log
    send(count(AED, "CHUMEN", "2024-05", "5"));                                                    // from health's own topic

    TestRecord<byte[], byte[]> otherLogin = deadLetters.readRecord();
    assertThat(header(otherLogin, DeadLetters.REASON_HEADER)).isEqualTo("UNIT_NOT_SENDER");
    assertThat(header(otherLogin, "__streams.errors.message"))
        .contains("sent by unit-education (on qyx.reports.education.v1) as 市卫生健康局, whose login is unit-health");
    TestRecord<byte[], byte[]> noLogin = deadLetters.readRecord();
    assertThat(header(noLogin, DeadLetters.REASON_HEADER)).isEqualTo("UNIT_NOT_SENDER");
    assertThat(header(noLogin, "__streams.errors.message")).contains("no unit's login sent it", "qyx.reports.health.v1");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(city(AED).getActual()).as("only the report from health's own topic counts").isEqualByComparingTo("5");
  }

  @Test
  void shouldRefuseATickMoreThanADayAheadOfTheWallClockSoTheClockKeepsMoving() {
    LocalDate today = LocalDate.now(ReportRules.PLAN_ZONE); // the driver's wall clock is this machine's
    tick(today.plusDays(2));                  // would freeze the clock until then: refused
    tick(today.plusDays(1));                  // a ticker a little ahead at midnight: taken
    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("TICK_IN_FUTURE");
    assertThat(header(dead, "__streams.errors.message")).contains("a tick of " + today.plusDays(2) + " is more than 1 day after today");
    assertThat(deadLetters.isEmpty()).as("the tick one day ahead is not refused").isTrue();

    KeyValueStore<String, Long> clock = driver.getKeyValueStore(LatestTick.STORE);
    assertThat(LocalDate.ofEpochDay(clock.get("as-of"))).as("the clock took the tick one day ahead, not the one after").isEqualTo(today.plusDays(1));
  }

  /** A clock tick into the event log, as ./qyx tick writes it (header only, no value). */
  private void tick(LocalDate asOf) {
    Instant at = Instant.now();
    for (var record : ClockTicks.eventLogRecords(new ClockTick(asOf, at, "test"), 1)) {
      reports.pipeInput(new TestRecord<>(ClockTicks.KEY, (ProgressReport) null, record.headers(), at));
    }
  }

  @Test
  void shouldSkipUndecodableBytesAndKeepProcessing() {
    // TopologyTestDriver does not forward dead letters of the deserialization handler;
    // DeadLettersTest covers the record it builds and PipelineIT that it reaches the topic.
    rawReports.pipeInput("k".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8), JULY_5);
    send(count(AED, "KANMEN", "2024-05", "3"));

    assertThat(city(AED).getActual()).isEqualByComparingTo("3");
    assertThat(droppedRecords()).isEqualTo(1.0);
  }

  // ---- fixtures ----

  private void publishCatalog() {
    var indicators = driver.createInputTopic(Topics.REF_INDICATORS, topics.indicators().keySerde().serializer(),
        topics.indicators().valueSerde().serializer());
    var areas = driver.createInputTopic(Topics.REF_AREAS, topics.areas().keySerde().serializer(), topics.areas().valueSerde().serializer());
    var units = driver.createInputTopic(Topics.REF_UNITS, topics.units().keySerde().serializer(), topics.units().valueSerde().serializer());
    Catalog catalog = Catalog.load(Path.of("../catalog/data"));
    catalog.publishedIndicators().forEach(indicators::pipeInput);
    catalog.areas().forEach(a -> areas.pipeInput(a.getCode(), a));
    catalog.units().forEach(u -> units.pipeInput(u.getCode(), u));
    indicators.pipeInput(PlanKeys.planIndicator(COVERAGE, 2024), testIndicator(COVERAGE, Kind.RATIO, "90", "%", new BigDecimal("100"), Cadence.QUARTERLY));
    indicators.pipeInput(PlanKeys.planIndicator(STAFF, 2024), testIndicator(STAFF, Kind.LEVEL, "100", "人", null, Cadence.MONTHLY));
    indicators.pipeInput(PlanKeys.planIndicator(TRAINED, 2024), IndicatorDefinition.newBuilder(
        testIndicator(TRAINED, Kind.COUNT, "100", "人", null, Cadence.MONTHLY)).setBaseline(new BigDecimal("40.0000")).build());
  }

  private static IndicatorDefinition testIndicator(String id, Kind kind, String target, String unit, BigDecimal scale, Cadence cadence) {
    return IndicatorDefinition.newBuilder()
        .setId(id).setDomain("HEALTH").setName(id).setKind(kind).setDirection(Direction.AT_LEAST)
        .setTarget(new BigDecimal(target).setScale(4)).setUnit(unit).setScale(scale == null ? null : scale.setScale(4))
        .setLeadUnit("市卫生健康局").setOtherUnits(List.of()).setAreaScope(AreaScope.TOWNSHIP)
        .setDeadline(LocalDate.of(2024, 12, 31)).setQuarterFractions(List.of()).setCadence(cadence).setGraceDays(10)
        .setSource("test").setPlanYear(2024).build();
  }

  private <V> TestOutputTopic<String, V> output(String topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
    return driver.createOutputTopic(topic, new org.apache.kafka.common.serialization.StringDeserializer(), values);
  }

  /** Sends one report and lets the wall clock run past the indicator stage's next flush of its rows. */
  private void send(ProgressReport report) {
    reports.pipeInput(SentBy.itsUnit(report, JULY_5));
    driver.advanceWallClockTime(java.time.Duration.ofMillis(200));
  }

  // Reading an output topic drains it; these keep the latest value per key across reads.
  private final Map<String, AreaProgress> areas = new java.util.HashMap<>();
  private final Map<String, IndicatorProgress> cities = new java.util.HashMap<>();
  private final Map<String, GroupProgress> domains = new java.util.HashMap<>();
  private final Map<String, GroupProgress> leadUnits = new java.util.HashMap<>();

  private AreaProgress area(String indicator, String area) {
    areas.putAll(areaProgress.readKeyValuesToMap());
    return areas.get(PlanKeys.planArea(indicator, 2024, area));
  }

  private IndicatorProgress city(String indicator) {
    cities.putAll(indicatorProgress.readKeyValuesToMap());
    return cities.get(PlanKeys.planIndicator(indicator, 2024));
  }

  private GroupProgress domain(String code) {
    domains.putAll(domainProgress.readKeyValuesToMap());
    return domains.get(PlanKeys.planGroup(code, 2024));
  }

  private GroupProgress leadUnit(String code) {
    leadUnits.putAll(unitProgress.readKeyValuesToMap());
    return leadUnits.get(PlanKeys.planGroup(code, 2024));
  }

  private double droppedRecords() {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("dropped-records-total") && e.getKey().group().equals("stream-task-metrics"))
        .mapToDouble(e -> (Double) e.getValue().metricValue())
        .sum();
  }

  private static String header(TestRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private ProgressReport count(String indicator, String area, String period, String value) {
    return report(indicator, area, period).value(value).build();
  }

  private ReportFixture level(String indicator, String area, String period, String value) {
    return report(indicator, area, period).value(value);
  }

  private ProgressReport ratio(String indicator, String area, String period, String numerator, String denominator) {
    ReportFixture fixture = report(indicator, area, period);
    fixture.builder.setNumerator(new BigDecimal(numerator).setScale(4)).setDenominator(new BigDecimal(denominator).setScale(4));
    if (indicator.equals(UNEMPLOYMENT)) {
      fixture.builder.setReportingUnit("市人力社保局");
    }
    return fixture.build();
  }

  private ProgressReport retract(String indicator, String area, String period, int revision) {
    ReportFixture fixture = report(indicator, area, period);
    fixture.builder.setRetracted(true).setRevision(revision).setCorrectionReason("报错了");
    return fixture.build();
  }

  private static ProgressReport revise(ProgressReport report, int revision) {
    report.setRevision(revision);
    report.setEventId(report.getEventId() + "-r" + revision);
    report.setCorrectionReason("更正");
    return report;
  }

  private ReportFixture report(String indicator, String area, String period) {
    String unit = indicator.startsWith("employment.") ? "市人力社保局" : "市卫生健康局";
    return new ReportFixture(ProgressReport.newBuilder()
        .setEventId("e" + (++eventNumber)).setIndicatorId(indicator).setAreaCode(area).setPeriod(period)
        .setReportingUnit(unit).setReportedAt(JULY_5));
  }

  /** A report under construction; LEVEL and MILESTONE fixtures may still change the unit. */
  private static final class ReportFixture {
    final ProgressReport.Builder builder;

    ReportFixture(ProgressReport.Builder builder) {
      this.builder = builder;
    }

    ReportFixture value(String value) {
      builder.setValue(new BigDecimal(value).setScale(4));
      return this;
    }

    ProgressReport setReportingUnitAndReturn(String unit) {
      return builder.setReportingUnit(unit).build();
    }

    ProgressReport build() {
      return builder.build();
    }
  }
}
