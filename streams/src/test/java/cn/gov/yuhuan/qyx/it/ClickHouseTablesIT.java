package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AlertKind;
import cn.gov.yuhuan.qyx.events.AlertNotice;
import cn.gov.yuhuan.qyx.events.AlertState;
import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.GroupProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.ops.Lag;
import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.AreaLevel;
import cn.gov.yuhuan.qyx.reference.AreaScope;
import cn.gov.yuhuan.qyx.reference.Cadence;
import cn.gov.yuhuan.qyx.reference.Direction;
import cn.gov.yuhuan.qyx.reference.DomainDefinition;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Kind;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.sink.ClickHouseSink;
import cn.gov.yuhuan.qyx.sink.ClickHouseTables;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import cn.gov.yuhuan.qyx.streams.internals.DeadLetters;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysts' schema on a real ClickHouse 18.16, filled by the real sink: Avro records go to the
 * real topics through the registry serde, a {@link ClickHouseSink} lands them, and a second sink
 * with a fresh consumer group lands all of them again. Every table and view is then read back over
 * HTTP and compared with values worked out by hand.
 *
 * <p>The JVM runs in Asia/Shanghai (UTC+8, where the pipeline is used) while the server keeps UTC:
 * a date or time bound through the JVM's zone would show up shifted by eight hours.
 */
class ClickHouseTablesIT {
  /** The event-log offset of the re-sent copy of aed/LUPU/2024-05/r2: after every other fixture's. */
  private static final long RESENT_OFFSET = 1000;

  /** Event-log offsets stamped on the fixtures' accepted reports, one per event id. */
  private static final Map<String, Long> EVENT_LOG = new java.util.concurrent.ConcurrentHashMap<>();

  private static final String DB = "qyx_tables_it";
  private static final Duration LANDING_TIMEOUT = Duration.ofSeconds(90);
  private static final TimeZone JVM_ZONE = TimeZone.getDefault();
  private static final Map<String, String> SINK_TABLE_KEYS = new LinkedHashMap<>();

  static {
    SINK_TABLE_KEYS.put("progress_events", "indicator_id, area_code, period, source_partition, source_offset");
    SINK_TABLE_KEYS.put("rejected_events", "source_topic, source_partition, source_offset");
    SINK_TABLE_KEYS.put("area_progress", "indicator_id, plan_year, area_code");
    SINK_TABLE_KEYS.put("indicator_progress", "indicator_id, plan_year");
    SINK_TABLE_KEYS.put("domain_progress", "plan_year, domain");
    SINK_TABLE_KEYS.put("unit_progress", "plan_year, lead_unit");
    SINK_TABLE_KEYS.put("indicators", "indicator_id, plan_year, effective_from");
    SINK_TABLE_KEYS.put("areas", "area_code");
    SINK_TABLE_KEYS.put("units", "unit_code");
    SINK_TABLE_KEYS.put("domains", "domain");
    SINK_TABLE_KEYS.put("status_history", "indicator_id, plan_year, area_code, as_of");
    SINK_TABLE_KEYS.put("alerts", "indicator_id, area_code, kind, raised_as_of");
    SINK_TABLE_KEYS.put("silences", "silence_id");
  }

  /**
   * The columns of each table but landed_at, in DDL order, as they were before plan years;
   * {@link #shouldLandThePlanYearOfEveryRow} checks plan_year and the columns it brought.
   */
  private static final Map<String, String> COLUMNS = Map.ofEntries(
      Map.entry("progress_events", "event_id, indicator_id, area_code, period, period_start, period_end, reporting_unit, "
          + "domain, lead_unit, kind, value, numerator, denominator, revision, correction_reason, "
          + "retracted, reported_at, note, source_partition, source_offset"),
      Map.entry("rejected_events", "reason, detail, source_topic, source_partition, source_offset, raw_key_base64, "
          + "raw_value_base64, dead_letter_partition, dead_letter_offset, rejected_at"),
      Map.entry("area_progress", "indicator_id, area_code, domain, lead_unit, kind, actual, numerator, denominator, "
          + "latest_period, value_count, flags, version"),
      Map.entry("indicator_progress", "indicator_id, domain, lead_unit, kind, actual, numerator, denominator, area_count, "
          + "direction, target, unit, completion, achieved, as_of, expected, gap, status, latest_period, flags, version"),
      Map.entry("domain_progress", "domain, reported_indicators, achieved_indicators, completion_sum, version"),
      Map.entry("unit_progress", "lead_unit, reported_indicators, achieved_indicators, completion_sum, version"),
      Map.entry("indicators", "indicator_id, domain, name, kind, direction, target, unit, scale, baseline, lead_unit, "
          + "other_units, area_scope, deadline, quarter_fractions, cadence, grace_days, source, version"),
      Map.entry("areas", "area_code, name, level, version"),
      Map.entry("units", "unit_code, name, version"),
      Map.entry("domains", "domain, name, lead_unit, version"),
      Map.entry("status_history", "indicator_id, area_code, as_of, domain, lead_unit, kind, direction, target, unit, actual, "
          + "expected, gap, completion, achieved, status, latest_period, flags, version"),
      Map.entry("alerts", "alert_id, indicator_id, indicator_name, area_code, kind, domain, lead_unit, lead_unit_name, state, "
          + "raised_as_of, resolved_as_of, as_of, status, actual, expected, gap, target, unit, muted_by, notice, version"),
      Map.entry("silences", "silence_id, indicator_id, area_code, kind, reason, approved_by, starts, expires, created_at, version"));

  private static final Set<String> REFERENCE_TOPICS =
      Set.of(Topics.REF_INDICATORS, Topics.REF_AREAS, Topics.REF_UNITS, Topics.REF_DOMAINS, Topics.SILENCES);
  private static final Set<String> SINK_TOPICS = Set.of(Topics.ACCEPTED_REPORTS, Topics.DEAD_LETTERS,
      Topics.AREA_PROGRESS, Topics.INDICATOR_PROGRESS, Topics.DOMAIN_PROGRESS, Topics.UNIT_PROGRESS,
      Topics.STATUS_HISTORY, Topics.ALERTS, Topics.SILENCES, Topics.UNDECODABLE_RECORDS,
      Topics.REF_INDICATORS, Topics.REF_AREAS, Topics.REF_UNITS, Topics.REF_DOMAINS);

  private static final String HEALTH_UNIT = "市卫生健康局";
  private static final String HR_UNIT = "市人力社保局";
  private static final String EDUCATION_UNIT = "市教育局";
  private static final String HOUSING_UNIT = "市住建局";

  private static LocalStack stack;
  private static Topics topics;
  private static ClickHouseQuery clickhouse;
  private static KafkaProducer<byte[], byte[]> producer;
  /** The last record sent per topic and key: its partition and offset are what the rows carry. */
  private static final Map<String, RecordMetadata> sent = new HashMap<>();
  private static long landingStartedSecond;
  private static long landingEndedSecond;

  @BeforeAll
  static void landEveryFixtureTwice() throws Exception {
    TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
    stack = LocalStack.start("ClickHouseTablesIT");
    topics = new Topics(RegistryAvroSerdes.registering(stack.registryUrl()));
    clickhouse = stack.clickhouse();
    createTopics();
    try (Connection connection = connect()) {
      ClickHouseTables.create(connection, clickhouse, DB);
      ClickHouseTables.create(connection, clickhouse, DB); // a restart applies it again: nothing may fail
    }
    producer = new KafkaProducer<>(stack.kafka().clientConfig(Map.of(
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), new ByteArraySerializer(), new ByteArraySerializer());
    sendReferenceData();
    sendAcceptedReports();
    sendProgress();
    sendStatus();
    sendDeadLetters();

    landingStartedSecond = Instant.now().getEpochSecond();
    land("qyx-tables-it-first");
    land("qyx-tables-it-again"); // a fresh group: every record is landed a second time
    landingEndedSecond = Instant.now().getEpochSecond();
  }

  @AfterAll
  static void stop() throws Exception {
    TimeZone.setDefault(JVM_ZONE);
    if (producer != null) {
      producer.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldCreateEveryTableAndViewWithItsKeyAndChangeNothingWhenTheSchemaIsAppliedAgain() throws Exception {
    String tables = "SELECT name, engine, sorting_key FROM system.tables WHERE database = '" + DB + "' ORDER BY name";
    assertRows(tables,
        "alerts\tReplacingMergeTree\tindicator_id, area_code, kind, raised_as_of",
        "annual_assessment\tView\t",
        "annual_league\tView\t",
        "area_league\tView\t",
        "area_progress\tReplacingMergeTree\tindicator_id, plan_year, area_code",
        "areas\tReplacingMergeTree\tarea_code",
        "data_values\tView\t",
        "domain_league\tView\t",
        "domain_progress\tReplacingMergeTree\tplan_year, domain",
        "domains\tReplacingMergeTree\tdomain",
        "indicator_progress\tReplacingMergeTree\tindicator_id, plan_year",
        "indicators\tReplacingMergeTree\tindicator_id, plan_year, effective_from",
        "plan_indicators\tView\t",
        "progress_events\tReplacingMergeTree\tindicator_id, area_code, period, source_partition, source_offset",
        "quarter_area_league\tView\t",
        "quarter_domain_league\tView\t",
        "quarter_league\tView\t",
        "quarter_status\tView\t",
        "quarter_unit_league\tView\t",
        "rejected_events\tReplacingMergeTree\tsource_topic, source_partition, source_offset",
        "reporting_completeness\tView\t",
        "reporting_slots\tView\t",
        "silences\tReplacingMergeTree\tsilence_id",
        "status_history\tReplacingMergeTree\tindicator_id, plan_year, area_code, as_of",
        "status_league\tView\t",
        "status_snapshot\tView\t",
        "undecodable_records\tReplacingMergeTree\tsource_topic, source_partition, source_offset",
        "unit_league\tView\t",
        "unit_progress\tReplacingMergeTree\tplan_year, lead_unit",
        "units\tReplacingMergeTree\tunit_code");
    String definitions = "SELECT name, create_table_query FROM system.tables WHERE database = '" + DB + "' ORDER BY name";
    List<List<String>> before = clickhouse.rows(definitions);
    String countsBefore = rowCounts();

    try (Connection connection = connect()) {
      ClickHouseTables.create(connection, clickhouse, DB); // on tables full of rows, as at every sink start
    }

    assertThat(clickhouse.rows(definitions)).isEqualTo(before);
    assertThat(rowCounts()).isEqualTo(countsBefore);
  }

  @Test
  void shouldAddAColumnTheScriptDeclaresToATableThatLacksItAndKeepItsRows() throws Exception {
    String scratch = DB + "_upgrade";
    try (Connection connection = connect(); var statement = connection.createStatement()) {
      ClickHouseTables.create(connection, clickhouse, scratch);
      statement.execute("INSERT INTO " + scratch + ".indicators (indicator_id, name, version) VALUES ('health.aed_installed', 'AED', 1)");
      // An older release's table: without the columns added since.
      statement.execute("ALTER TABLE " + scratch + ".indicators DROP COLUMN firmness");
      statement.execute("ALTER TABLE " + scratch + ".indicators DROP COLUMN target_low");

      ClickHouseTables.create(connection, clickhouse, scratch);

      assertThat(clickhouse.rows("SELECT name FROM system.columns WHERE database = '" + scratch + "' AND table = 'indicators'"))
          .extracting(row -> row.get(0)).containsSubsequence("target", "target_low", "unit").contains("firmness");
      assertThat(clickhouse.rows("SELECT indicator_id, firmness FROM " + scratch + ".indicators"))
          .containsExactly(List.of("health.aed_installed", ""));
      statement.execute("DROP DATABASE " + scratch);
    }
  }

  @Test
  void shouldRefuseToStartOnATableKeptByAnOlderSortingKeyAndSayHowToRebuild() throws Exception {
    String scratch = DB + "_old_keys";
    try (Connection connection = connect(); var statement = connection.createStatement()) {
      ClickHouseTables.create(connection, clickhouse, scratch);
      // indicator_progress as releases before plan years kept it: one row per indicator.
      statement.execute("DROP TABLE " + scratch + ".indicator_progress");
      statement.execute("CREATE TABLE " + scratch + ".indicator_progress (indicator_id String, plan_year UInt16, version UInt64) "
          + "ENGINE = ReplacingMergeTree(version) ORDER BY indicator_id");

      assertThatThrownBy(() -> ClickHouseTables.create(connection, clickhouse, scratch))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(scratch + ".indicator_progress is kept by (indicator_id) where this version keeps it by (indicator_id, plan_year)")
          .hasMessageContaining("./qyx rebuild");
      statement.execute("DROP DATABASE " + scratch);
    }
  }

  @Test
  void shouldLandEveryRevisionOfADataValueWithItsLineageAndExactValues() throws Exception {
    assertRows("SELECT " + columns("progress_events") + " FROM " + DB + ".progress_events FINAL ORDER BY indicator_id, area_code, period, revision, source_offset",
        // event_id, indicator_id, area_code, period, period_start, period_end, reporting_unit, domain, lead_unit, kind,
        // value, numerator, denominator, revision, correction_reason, retracted, reported_at, note, source_partition, source_offset
        "home/KANMEN/2024-Q1\teducation.home_teaching_share\tKANMEN\t2024-Q1\t2024-01-01\t2024-03-31\t市教育局\tEDUCATION\t市教育局\tRATIO"
            + "\t\\N\t17.0000\t400.0000\t1\t\\N\t0\t2024-04-08 09:15:00\t\\N" + eventLog("home/KANMEN/2024-Q1"),
        "aed/KANMEN/2024-05\thealth.aed_installed\tKANMEN\t2024-05\t2024-05-01\t2024-05-31\t市卫生健康局\tHEALTH\t市卫生健康局\tCOUNT"
            + "\t4.0000\t\\N\t\\N\t1\t\\N\t0\t2024-06-03 02:00:00\t\\N" + eventLog("aed/KANMEN/2024-05"),
        "aed/KANMEN/2024-05/r2\thealth.aed_installed\tKANMEN\t2024-05\t2024-05-01\t2024-05-31\t市卫生健康局\tHEALTH\t市卫生健康局\tCOUNT"
            + "\t5.0000\t\\N\t\\N\t2\t少报一台\t0\t2024-06-05 08:30:00\t\\N" + eventLog("aed/KANMEN/2024-05/r2"),
        "aed/LUPU/2024-05\thealth.aed_installed\tLUPU\t2024-05\t2024-05-01\t2024-05-31\t市卫生健康局\tHEALTH\t市卫生健康局\tCOUNT"
            + "\t6.0000\t\\N\t\\N\t1\t\\N\t0\t2024-06-03 03:00:00\t\\N" + eventLog("aed/LUPU/2024-05"),
        "aed/LUPU/2024-05/r2\thealth.aed_installed\tLUPU\t2024-05\t2024-05-01\t2024-05-31\t市卫生健康局\tHEALTH\t市卫生健康局\tCOUNT"
            + "\t7.0000\t\\N\t\\N\t2\t漏报一台\t0\t2024-06-04 03:00:00\t\\N" + eventLog("aed/LUPU/2024-05/r2"),
        "aed/LUPU/2024-05/r2\thealth.aed_installed\tLUPU\t2024-05\t2024-05-01\t2024-05-31\t市卫生健康局\tHEALTH\t市卫生健康局\tCOUNT"
            + "\t7.0000\t\\N\t\\N\t2\t漏报一台\t0\t2024-06-04 03:00:00\t\\N\t0\t" + RESENT_OFFSET,   // the re-sent copy: one row per report received
        "aed/YUCHENG/2024-04\thealth.aed_installed\tYUCHENG\t2024-04\t2024-04-01\t2024-04-30\t市卫生健康局\tHEALTH\t市卫生健康局\tCOUNT"
            + "\t3.0000\t\\N\t\\N\t1\t\\N\t0\t2024-05-02 01:00:00\t\\N" + eventLog("aed/YUCHENG/2024-04"),
        "aed/YUCHENG/2024-04/r2\thealth.aed_installed\tYUCHENG\t2024-04\t2024-04-01\t2024-04-30\t市卫生健康局\tHEALTH\t市卫生健康局\tCOUNT"
            + "\t\\N\t\\N\t\\N\t2\t重复报送\t1\t2024-05-06 01:00:00\t\\N" + eventLog("aed/YUCHENG/2024-04/r2"),
        "rental/CITY/2024-03\thousing.rental_units\tCITY\t2024-03\t2024-03-01\t2024-03-31\t市住建局\tHOUSING\t市住建局\tCOUNT"
            + "\t12345678901234.5678\t\\N\t\\N\t1\t\\N\t0\t2024-04-01 00:00:01\t精度检查" + eventLog("rental/CITY/2024-03"));
  }

  @Test
  void shouldShowTheStandingRevisionOfEveryDataValueWhateverTheArrivalOrder() throws Exception {
    assertRows("SELECT indicator_id, area_code, period, revision, event_id, value, numerator, denominator, retracted, revisions"
            + " FROM " + DB + ".data_values ORDER BY indicator_id, area_code, period",
        "education.home_teaching_share\tKANMEN\t2024-Q1\t1\thome/KANMEN/2024-Q1\t\\N\t17.0000\t400.0000\t0\t1", // a RATIO value: no value, its parts
        "health.aed_installed\tKANMEN\t2024-05\t2\taed/KANMEN/2024-05/r2\t5.0000\t\\N\t\\N\t0\t2",    // the correction replaces 4
        "health.aed_installed\tLUPU\t2024-05\t2\taed/LUPU/2024-05/r2\t7.0000\t\\N\t\\N\t0\t2",        // revision 2 arrived first, still stands; re-sent, still one row
        "health.aed_installed\tYUCHENG\t2024-04\t2\taed/YUCHENG/2024-04/r2\t\\N\t\\N\t\\N\t1\t2",     // retracted: the value is removed
        "housing.rental_units\tCITY\t2024-03\t1\trental/CITY/2024-03\t12345678901234.5678\t\\N\t\\N\t0\t1");
  }

  @Test
  void shouldLandDeadLettersWithReasonOriginAndRawBytes() throws Exception {
    RecordMetadata negative = sent.get(Topics.DEAD_LETTERS + "|negative");
    RecordMetadata bug = sent.get(Topics.DEAD_LETTERS + "|bug");
    assertRows("SELECT " + columns("rejected_events") + " FROM " + DB + ".rejected_events FINAL ORDER BY rejected_at",
        // reason, detail, source_topic, source_partition, source_offset, raw_key_base64, raw_value_base64,
        // dead_letter_partition, dead_letter_offset, rejected_at
        "NEGATIVE_VALUE\tvalue -5 is negative\tqyx.progress-reports.v1\t2\t41\t" + base64("dlq|KANMEN|2024-05") + "\t"
            + base64("这不是Avro") + "\t" + negative.partition() + "\t" + negative.offset() + "\t2024-06-03 02:00:00",
        // no reason header and no message: a processing error, described by the exception's class
        "PROCESSING_ERROR\tjava.lang.IllegalStateException\t\t-1\t-1\t\tAQID\t" + bug.partition() + "\t" + bug.offset()
            + "\t2024-06-03 02:00:05");
  }

  @Test
  void shouldKeepTheHighestVersionOfAreaProgressWhateverTheArrivalOrder() throws Exception {
    assertRows("SELECT " + columns("area_progress") + " FROM " + DB + ".area_progress FINAL ORDER BY indicator_id, area_code",
        // indicator_id, area_code, domain, lead_unit, kind, actual, numerator, denominator, latest_period, value_count, flags, version
        "education.home_teaching_share\tCHUMEN\tEDUCATION\t市教育局\tRATIO\t7.0000\t7.0000\t100.0000\t2024-Q1\t1\t[]\t1",
        "education.home_teaching_share\tKANMEN\tEDUCATION\t市教育局\tRATIO\t4.2500\t17.0000\t400.0000\t2024-Q1\t1\t[]\t1",
        "education.home_teaching_share\tLUPU\tEDUCATION\t市教育局\tRATIO\t3.1000\t31.0000\t1000.0000\t2024-Q1\t1\t[]\t1",
        "employment.unemployment_rate\tCITY\tEMPLOYMENT\t市人力社保局\tRATIO\t4.8000\t4800.0000\t100000.0000\t2024-Q2\t1\t[]\t2",
        "health.aed_installed\tCHUMEN\tHEALTH\t市卫生健康局\tCOUNT\t12.0000\t\\N\t\\N\t2024-05\t1\t[]\t1",
        "health.aed_installed\tCITY\tHEALTH\t市卫生健康局\tCOUNT\t39.0000\t\\N\t\\N\t2024-05\t6\t[]\t8",
        "health.aed_installed\tKANMEN\tHEALTH\t市卫生健康局\tCOUNT\t12.0000\t\\N\t\\N\t2024-05\t3\t[]\t5", // version 4 (8) came after, lost
        "health.aed_installed\tLUPU\tHEALTH\t市卫生健康局\tCOUNT\t15.0000\t\\N\t\\N\t2024-05\t2\t[]\t3",
        "health.aed_installed\tYUCHENG\tHEALTH\t市卫生健康局\tCOUNT\t0.0000\t\\N\t\\N\t\\N\t0\t[]\t2", // every value retracted
        "health.fitness_trails\tLUPU\tHEALTH\t市卫生健康局\tCOUNT\t2.5000\t\\N\t\\N\t2024-Q2\t1\t[]\t1");
  }

  @Test
  void shouldLandIndicatorProgressWithTargetCompletionAndTheStatusFieldsEmptyOrSet() throws Exception {
    assertRows("SELECT " + columns("indicator_progress") + " FROM " + DB + ".indicator_progress FINAL ORDER BY indicator_id",
        // indicator_id, domain, lead_unit, kind, actual, numerator, denominator, area_count, direction, target, unit,
        // completion, achieved, as_of, expected, gap, status, latest_period, flags, version
        "employment.unemployment_rate\tEMPLOYMENT\t市人力社保局\tRATIO\t4.8000\t4800.0000\t100000.0000\t1\tAT_MOST\t5.0000\t%"
            + "\t1.0000\t1\t2024-06-30\t5.0000\t-4.0000\tACHIEVED\t2024-Q2\t['DENOMINATOR_SHIFT']\t2",
        "health.aed_installed\tHEALTH\t市卫生健康局\tCOUNT\t39.0000\t\\N\t\\N\t3\tAT_LEAST\t187.0000\t台"
            + "\t0.2085\t0\t\\N\t\\N\t\\N\t\\N\t\\N\t[]\t9"); // the stale version 6 (30) came after and lost
  }

  @Test
  void shouldLandDomainAndUnitProgressUnderTheirGroupColumn() throws Exception {
    assertRows("SELECT " + columns("domain_progress") + " FROM " + DB + ".domain_progress FINAL ORDER BY domain",
        "EDUCATION\t1\t0\t0.6750\t1",
        "EMPLOYMENT\t1\t1\t1.0000\t4",
        "HEALTH\t2\t1\t1.3500\t7"); // version 3 (0.5000) arrived after version 7 and lost
    assertRows("SELECT " + columns("unit_progress") + " FROM " + DB + ".unit_progress FINAL ORDER BY lead_unit",
        "市人力社保局\t1\t1\t1.0000\t4",
        "市卫生健康局\t2\t1\t1.3500\t7",
        "市教育局\t1\t0\t0.2500\t1");
  }

  @Test
  void shouldLandReferenceDataAtItsLatestOffsetAndSkipTombstones() throws Exception {
    assertRows("SELECT " + columns("indicators") + " FROM " + DB + ".indicators FINAL ORDER BY indicator_id",
        // indicator_id, domain, name, kind, direction, target, unit, scale, baseline, lead_unit, other_units, area_scope,
        // deadline, quarter_fractions, cadence, grace_days, source, version (= offset of the key's last record)
        "education.home_teaching_share\tEDUCATION\t“送教上门”比例\tRATIO\tAT_MOST\t6.0000\t%\t100.0000\t\\N\t市教育局\t[]\tTOWNSHIP"
            + "\t2024-12-31\t[]\tQUARTERLY\t15\t“送教上门”比例控制在6%以内" + version(Topics.REF_INDICATORS, "education.home_teaching_share"),
        "employment.unemployment_rate\tEMPLOYMENT\t城镇调查失业率\tRATIO\tAT_MOST\t5.0000\t%\t100.0000\t\\N\t市人力社保局\t[]\tCITY"
            + "\t2024-12-31\t[]\tQUARTERLY\t15\t城镇调查失业率控制在5%以内" + version(Topics.REF_INDICATORS, "employment.unemployment_rate"),
        // edited once: the second record (target 187, two other units) wins
        "health.aed_installed\tHEALTH\t新增配置AED\tCOUNT\tAT_LEAST\t187.0000\t台\t\\N\t\\N\t市卫生健康局\t['市教育局','玉城街道']\tTOWNSHIP"
            + "\t2024-12-31\t[]\tMONTHLY\t10\t新增配置AED187台" + version(Topics.REF_INDICATORS, "health.aed_installed"),
        "health.fitness_trails\tHEALTH\t新建健身步道\tCOUNT\tAT_LEAST\t12.5000\t公里\t\\N\t2.2500\t市卫生健康局\t[]\tTOWNSHIP"
            + "\t2024-12-31\t[0.1000,0.3000,0.6000,1.0000]\tQUARTERLY\t15\t新建健身步道12.5公里" + version(Topics.REF_INDICATORS, "health.fitness_trails"),
        "housing.rental_units\tHOUSING\t保障性租赁住房\tCOUNT\tAT_LEAST\t1790.0000\t套\t\\N\t\\N\t市住建局\t[]\tCITY"
            + "\t2024-12-31\t[]\tMONTHLY\t10\t保障性租赁住房1790套" + version(Topics.REF_INDICATORS, "housing.rental_units"));
    assertRows("SELECT " + columns("areas") + " FROM " + DB + ".areas FINAL ORDER BY area_code",
        "CHUMEN\t楚门镇\tTOWNSHIP" + version(Topics.REF_AREAS, "CHUMEN"),
        "CITY\t全市\tCITY" + version(Topics.REF_AREAS, "CITY"),
        "KANMEN\t坎门街道\tTOWNSHIP" + version(Topics.REF_AREAS, "KANMEN"),
        "LUPU\t芦浦镇\tTOWNSHIP" + version(Topics.REF_AREAS, "LUPU"),
        "YUCHENG\t玉城街道\tTOWNSHIP" + version(Topics.REF_AREAS, "YUCHENG"));
    assertRows("SELECT " + columns("units") + " FROM " + DB + ".units FINAL ORDER BY unit_code",
        "市人力社保局\t玉环市人力资源和社会保障局" + version(Topics.REF_UNITS, HR_UNIT),
        "市住建局\t玉环市住房和城乡建设局" + version(Topics.REF_UNITS, HOUSING_UNIT),
        "市卫生健康局\t玉环市卫生健康局" + version(Topics.REF_UNITS, HEALTH_UNIT),
        "市教育局\t玉环市教育局" + version(Topics.REF_UNITS, EDUCATION_UNIT));
    assertRows("SELECT " + columns("domains") + " FROM " + DB + ".domains FINAL ORDER BY domain",
        "EDUCATION\t学有优教\t市教育局" + version(Topics.REF_DOMAINS, "EDUCATION"),
        "EMPLOYMENT\t劳有所得\t市人力社保局" + version(Topics.REF_DOMAINS, "EMPLOYMENT"),
        "HEALTH\t病有良医\t市卫生健康局" + version(Topics.REF_DOMAINS, "HEALTH"),
        "HOUSING\t住有宜居\t市住建局" + version(Topics.REF_DOMAINS, "HOUSING"),
        "PLAN\t主要目标\t市公共服务优质共享行动专班办公室" + version(Topics.REF_DOMAINS, "PLAN"));
    // Each reference topic also carried a tombstone (key REMOVED): no row, and nothing after it was lost.
    for (String table : List.of("indicators", "areas", "units", "domains")) {
      String key = SINK_TABLE_KEYS.get(table).split(",")[0];
      assertThat(clickhouse.value("SELECT count() FROM " + DB + "." + table + " WHERE " + key + " = 'REMOVED'")).as(table).isEqualTo("0");
    }
  }

  @Test
  void shouldLetTheAnalystReadEveryTableButNeverWriteOrChangeOne() throws Exception {
    ClickHouseQuery analyst = stack.analyst();
    assertThat(analyst.value("SELECT count() FROM " + DB + ".plan_indicators")).isEqualTo(clickhouse.value("SELECT count() FROM " + DB + ".plan_indicators"));
    for (String change : List.of(
        "INSERT INTO " + DB + ".units SELECT * FROM " + DB + ".units",
        "ALTER TABLE " + DB + ".units ADD COLUMN note String",
        "DROP TABLE " + DB + ".units",
        "CREATE TABLE " + DB + ".scratch (a String) ENGINE = Memory")) {
      assertThatThrownBy(() -> analyst.execute(change)).as(change).hasMessageContaining("readonly");
    }
  }

  @Test
  void shouldRefuseTheDefaultUserWithoutItsPasswordAndAWrongPasswordForAnyUser() {
    for (String user : List.of("default", "qyx_sink", "qyx_analyst")) {
      var stranger = new ClickHouseQuery(stack.clickhouseUrl(), user, "");
      assertThatThrownBy(() -> stranger.value("SELECT 1")).as(user)
          .satisfies(refused -> assertThat(refused.getMessage()).containsIgnoringCase("password")); // 18.16: "Password required", "Wrong password"
    }
  }

  @Test
  void shouldLandThePlanYearOfEveryRow() throws Exception {
    for (String table : List.of("progress_events", "area_progress", "indicator_progress", "domain_progress", "unit_progress", "indicators",
        "status_history", "alerts")) {
      assertRows("SELECT groupUniqArray(plan_year) FROM " + DB + "." + table, "[2024]");
    }
    assertRows("SELECT DISTINCT effective_from FROM " + DB + ".indicators", "2024-01-01"); // first editions judge from 1 January
  }

  @Test
  void shouldRankDomainsByAverageCompletionOverTheirWholeCatalog() throws Exception {
    assertRows("SELECT * FROM " + DB + ".domain_league",
        // plan_year, domain, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum, average_completion, rank
        "2024\tEMPLOYMENT\t劳有所得\t1\t1\t1\t1.0000\t1.0000\t1", // 1.0000 / 1 indicator
        "2024\tEDUCATION\t学有优教\t1\t1\t0\t0.6750\t0.6750\t2",  // 0.6750 / 1
        "2024\tHEALTH\t病有良医\t2\t2\t1\t1.3500\t0.6750\t2",     // 1.3500 / 2 = 0.6750: tied with EDUCATION, same rank
        "2024\tHOUSING\t住有宜居\t1\t0\t0\t0.0000\t0.0000\t4");   // nothing reported: 0, ranked after the two tied at 2
    // PLAN has no indicator in the catalog: not in the league.
  }

  @Test
  void shouldRankUnitsByAverageCompletionOverTheIndicatorsTheyLead() throws Exception {
    assertRows("SELECT * FROM " + DB + ".unit_league",
        // plan_year, lead_unit, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum, average_completion, rank
        "2024\t市人力社保局\t玉环市人力资源和社会保障局\t1\t1\t1\t1.0000\t1.0000\t1", // unemployment rate: 1.0000 / 1
        "2024\t市卫生健康局\t玉环市卫生健康局\t2\t2\t1\t1.3500\t0.6750\t2",           // AEDs and trails: 1.3500 / 2
        "2024\t市教育局\t玉环市教育局\t1\t1\t0\t0.2500\t0.2500\t3",                   // home teaching: 0.2500 / 1
        "2024\t市住建局\t玉环市住房和城乡建设局\t1\t0\t0\t0.0000\t0.0000\t4");         // rental housing, not reported
  }

  @Test
  void shouldRankTownshipsPerIndicatorHighestFirstAndLowestFirstUnderACeiling() throws Exception {
    assertRows("SELECT * FROM " + DB + ".area_league",
        // indicator_id, plan_year, indicator_name, area_code, area_name, actual, latest_period, rank
        "education.home_teaching_share\t2024\t“送教上门”比例\tLUPU\t芦浦镇\t3.1000\t2024-Q1\t1",     // AT_MOST: lowest first
        "education.home_teaching_share\t2024\t“送教上门”比例\tKANMEN\t坎门街道\t4.2500\t2024-Q1\t2",
        "education.home_teaching_share\t2024\t“送教上门”比例\tCHUMEN\t楚门镇\t7.0000\t2024-Q1\t3",
        "health.aed_installed\t2024\t新增配置AED\tLUPU\t芦浦镇\t15.0000\t2024-05\t1",                 // AT_LEAST: highest first
        "health.aed_installed\t2024\t新增配置AED\tCHUMEN\t楚门镇\t12.0000\t2024-05\t2",                // tied at 12: both 2nd
        "health.aed_installed\t2024\t新增配置AED\tKANMEN\t坎门街道\t12.0000\t2024-05\t2",
        // YUCHENG (everything retracted) and CITY are not ranked; the CITY-scope unemployment rate has no league
        "health.fitness_trails\t2024\t新建健身步道\tLUPU\t芦浦镇\t2.5000\t2024-Q2\t1");
  }

  @Test
  void shouldRankTownshipsAsOfEachQuarterEndTheClockHasReachedFromTheStandingDataValues() throws Exception {
    // The clock (status history) has reached April: the first and second quarters.
    assertRows("SELECT quarter_end, indicator_id, area_code, area_name, actual, latest_period, rank FROM " + DB + ".quarter_area_league",
        "2024-03-31\teducation.home_teaching_share\tKANMEN\t坎门街道\t4.2500\t2024-Q1\t1",  // 17 / 400 × 100
        "2024-06-30\teducation.home_teaching_share\tKANMEN\t坎门街道\t4.2500\t2024-Q1\t1",  // still the latest by the second quarter's end
        "2024-06-30\thealth.aed_installed\tLUPU\t芦浦镇\t7.0000\t2024-05\t1",           // revision 2 stands
        "2024-06-30\thealth.aed_installed\tKANMEN\t坎门街道\t5.0000\t2024-05\t2");       // the correction replaced 4; YUCHENG's was retracted
  }

  @Test
  void shouldCountEveryKeyOnceAfterEveryRecordWasLandedTwice() throws Exception {
    Map<String, Integer> expectedKeys = Map.ofEntries(Map.entry("progress_events", 9), Map.entry("rejected_events", 2),
        Map.entry("area_progress", 10), Map.entry("indicator_progress", 2), Map.entry("domain_progress", 3),
        Map.entry("unit_progress", 3), Map.entry("indicators", 5), Map.entry("areas", 5), Map.entry("units", 4),
        Map.entry("domains", 5), Map.entry("status_history", 4), Map.entry("alerts", 2), Map.entry("silences", 1));
    for (Map.Entry<String, String> table : SINK_TABLE_KEYS.entrySet()) {
      String name = DB + "." + table.getKey();
      String key = table.getValue();
      // The fixtures hold this many keys; every record was landed twice, so a count above it is a duplicate.
      String finalCount = clickhouse.value("SELECT count() FROM " + name + " FINAL");
      assertThat(finalCount).as("count() FINAL of %s (key %s), after landing everything twice", name, key)
          .isEqualTo(String.valueOf(expectedKeys.get(table.getKey())));
    }
  }

  @Test
  void shouldStampEveryRowWithTheUtcTimeItLanded() throws Exception {
    for (String table : SINK_TABLE_KEYS.keySet()) {
      List<String> range = clickhouse.rows("SELECT toUnixTimestamp(min(landed_at)), toUnixTimestamp(max(landed_at)) FROM " + DB + "." + table).get(0);
      assertThat(Long.parseLong(range.get(0))).as(table).isGreaterThanOrEqualTo(landingStartedSecond);
      assertThat(Long.parseLong(range.get(1))).as(table).isLessThanOrEqualTo(landingEndedSecond);
    }
  }

  @Test
  void shouldKeepTheLastEvaluationOfEachDayInStatusHistory() throws Exception {
    assertRows("SELECT " + columns("status_history") + " FROM " + DB + ".status_history FINAL ORDER BY indicator_id, as_of",
        "employment.unemployment_rate\tCITY\t2024-03-31\tEMPLOYMENT\t市人力社保局\tRATIO\tAT_MOST\t5.0000\t%\t4.6000\t5.0000"
            + "\t-8.0000\t1.0000\t1\tON_TRACK\t2024-Q1\t['ON_TARGET_AT_QUARTER_END']\t3",
        "health.aed_installed\tCITY\t2024-03-30\tHEALTH\t市卫生健康局\tCOUNT\tAT_LEAST\t187.0000\t台\t\\N\t45.4727\t\\N\t\\N\t0"
            + "\tOVERDUE\t\\N\t[]\t1",
        "health.aed_installed\tCITY\t2024-03-31\tHEALTH\t市卫生健康局\tCOUNT\tAT_LEAST\t187.0000\t台\t16.0000\t45.9836\t16.0340"
            + "\t0.0856\t0\tLAGGING\t2024-02\t['JUMP']\t4", // version 2 of that day came after and lost
        "health.aed_installed\tCITY\t2024-04-02\tHEALTH\t市卫生健康局\tCOUNT\tAT_LEAST\t187.0000\t台\t60.0000\t47.0055\t-6.9489"
            + "\t0.3209\t0\tON_TRACK\t2024-03\t[]\t6");
  }

  @Test
  void shouldSnapshotEachQuarterAndAssessEachIndicatorFromStatusHistory() throws Exception {
    assertRows("SELECT quarter_end, indicator_id, as_of, complete, status, actual, gap, flags FROM " + DB + ".quarter_status",
        "2024-03-31\temployment.unemployment_rate\t2024-03-31\t1\tON_TRACK\t4.6000\t-8.0000\t['ON_TARGET_AT_QUARTER_END']",
        "2024-03-31\thealth.aed_installed\t2024-03-31\t1\tLAGGING\t16.0000\t16.0340\t['JUMP']",
        "2024-06-30\thealth.aed_installed\t2024-04-02\t0\tON_TRACK\t60.0000\t-6.9489\t[]"); // a quarter in progress
    assertRows("SELECT quarter_end, rank, domain, indicators, reported_indicators, achieved_indicators, lagging_indicators, "
            + "overdue_indicators, average_completion FROM " + DB + ".quarter_domain_league",
        "2024-03-31\t1\tEMPLOYMENT\t1\t1\t1\t0\t0\t1.0000",
        "2024-03-31\t2\tHEALTH\t1\t1\t0\t1\t0\t0.0856",
        // The unemployment rate was last judged on 03-31 (as one past its deadline and grace days is):
        // the league of a later day counts it as it stood then (status_snapshot).
        "2024-06-30\t1\tEMPLOYMENT\t1\t1\t1\t0\t0\t1.0000",
        "2024-06-30\t2\tHEALTH\t1\t1\t0\t0\t0\t0.3209");
    assertRows("SELECT as_of, indicator_id, evaluated_on, status FROM " + DB + ".status_snapshot WHERE as_of >= '2024-03-31' "
            + "ORDER BY as_of, indicator_id",
        "2024-03-31\temployment.unemployment_rate\t2024-03-31\tON_TRACK",
        "2024-03-31\thealth.aed_installed\t2024-03-31\tLAGGING",
        "2024-04-02\temployment.unemployment_rate\t2024-03-31\tON_TRACK",
        "2024-04-02\thealth.aed_installed\t2024-04-02\tON_TRACK");
    assertRows("SELECT quarter_end, rank, lead_unit, indicators, lagging_indicators, average_completion FROM " + DB + ".quarter_unit_league",
        "2024-03-31\t1\t市人力社保局\t1\t0\t1.0000",
        "2024-03-31\t2\t市卫生健康局\t1\t1\t0.0856",
        "2024-06-30\t1\t市人力社保局\t1\t0\t1.0000",
        "2024-06-30\t2\t市卫生健康局\t1\t0\t0.3209");
    assertRows("SELECT indicator_id, name, firmness, status, actual, completion, achieved, assessed_as_of, deadline, final, met FROM "
            + DB + ".annual_assessment",
        "employment.unemployment_rate\t城镇调查失业率\tFIRM\tON_TRACK\t4.6000\t1.0000\t1\t2024-03-31\t2024-12-31\t0\t0",
        "health.aed_installed\t新增配置AED\tFIRM\tON_TRACK\t60.0000\t0.3209\t0\t2024-04-02\t2024-12-31\t0\t0");
    // Neither deadline has come: nothing met or missed yet, both counted as not final, once per domain and per lead unit.
    assertRows("SELECT league, code, firm_indicators, firm_met, firm_missed, stretch_indicators, stretch_met, not_final FROM "
            + DB + ".annual_league",
        "domain\tEMPLOYMENT\t1\t0\t0\t0\t0\t1",
        "domain\tHEALTH\t1\t0\t0\t0\t0\t1",
        "lead_unit\t市人力社保局\t1\t0\t0\t0\t0\t1",
        "lead_unit\t市卫生健康局\t1\t0\t0\t0\t0\t1");
  }

  @Test
  void shouldKeepOneRowPerAlertAtItsLatestVersion() throws Exception {
    assertRows("SELECT " + columns("alerts") + " FROM " + DB + ".alerts FINAL ORDER BY alert_id",
        // raised, muted by a silence, resolved: one row; and one still firing, inhibited
        "health.aed_installed|CITY|LAGGING|2024-03-31\thealth.aed_installed\t新增配置AED\tCITY\tLAGGING\tHEALTH\t市卫生健康局"
            + "\t玉环市卫生健康局\tRESOLVED\t2024-03-31\t2024-04-02\t2024-04-02\tON_TRACK\t60.0000\t47.0055\t-6.9489\t187.0000"
            + "\t台\tsilence s-1\tRESOLVED\t3",
        "health.aed_installed|CITY|OVERDUE|2024-03-30\thealth.aed_installed\t新增配置AED\tCITY\tOVERDUE\tHEALTH\t市卫生健康局"
            + "\t玉环市卫生健康局\tFIRING\t2024-03-30\t\\N\t2024-03-30\tOVERDUE\t\\N\t45.4727\t\\N\t187.0000\t台\t\\N\tRAISED\t1");
  }

  @Test
  void shouldLandSilencesAtTheirLatestVersion() throws Exception {
    assertRows("SELECT " + columns("silences") + " FROM " + DB + ".silences FINAL ORDER BY silence_id",
        "s-1\thealth.aed_installed\t\\N\tLAGGING\t批准缓报 (lifted by 专班 on 2024-04-02)\t专班\t2024-03-31\t2024-04-01\t2024-03-31 02:00:00"
            + version(Topics.SILENCES, "s-1"));
  }

  // ---- fixtures ----------------------------------------------------------------------------------

  private static void sendReferenceData() throws Exception {
    send(topics.indicators(), "health.aed_installed", indicator("health.aed_installed", "HEALTH", "AED配置", Kind.COUNT,
        Direction.AT_LEAST, "180", "台", null, null, HEALTH_UNIT, List.of(), AreaScope.TOWNSHIP, List.of(), Cadence.MONTHLY, 10,
        "AED180台"));
    send(topics.indicators(), "health.aed_installed", indicator("health.aed_installed", "HEALTH", "新增配置AED", Kind.COUNT,
        Direction.AT_LEAST, "187", "台", null, null, HEALTH_UNIT, List.of(EDUCATION_UNIT, "玉城街道"), AreaScope.TOWNSHIP,
        List.of(), Cadence.MONTHLY, 10, "新增配置AED187台")); // an edit: this one stands
    send(topics.indicators(), "health.fitness_trails", indicator("health.fitness_trails", "HEALTH", "新建健身步道", Kind.COUNT,
        Direction.AT_LEAST, "12.5", "公里", null, "2.25", HEALTH_UNIT, List.of(), AreaScope.TOWNSHIP,
        List.of(dec("0.1"), dec("0.3"), dec("0.6"), dec("1")), Cadence.QUARTERLY, 15, "新建健身步道12.5公里"));
    send(topics.indicators(), "REMOVED", null); // a tombstone
    send(topics.indicators(), "employment.unemployment_rate", indicator("employment.unemployment_rate", "EMPLOYMENT",
        "城镇调查失业率", Kind.RATIO, Direction.AT_MOST, "5", "%", "100", null, HR_UNIT, List.of(), AreaScope.CITY, List.of(),
        Cadence.QUARTERLY, 15, "城镇调查失业率控制在5%以内"));
    send(topics.indicators(), "education.home_teaching_share", indicator("education.home_teaching_share", "EDUCATION",
        "“送教上门”比例", Kind.RATIO, Direction.AT_MOST, "6", "%", "100", null, EDUCATION_UNIT, List.of(), AreaScope.TOWNSHIP,
        List.of(), Cadence.QUARTERLY, 15, "“送教上门”比例控制在6%以内"));
    send(topics.indicators(), "housing.rental_units", indicator("housing.rental_units", "HOUSING", "保障性租赁住房", Kind.COUNT,
        Direction.AT_LEAST, "1790", "套", null, null, HOUSING_UNIT, List.of(), AreaScope.CITY, List.of(), Cadence.MONTHLY, 10,
        "保障性租赁住房1790套"));

    send(topics.areas(), "CITY", new AreaDefinition("CITY", "全市", AreaLevel.CITY));
    send(topics.areas(), "KANMEN", new AreaDefinition("KANMEN", "坎门", AreaLevel.TOWNSHIP));
    send(topics.areas(), "KANMEN", new AreaDefinition("KANMEN", "坎门街道", AreaLevel.TOWNSHIP)); // renamed: this one stands
    send(topics.areas(), "REMOVED", null);
    send(topics.areas(), "LUPU", new AreaDefinition("LUPU", "芦浦镇", AreaLevel.TOWNSHIP));
    send(topics.areas(), "CHUMEN", new AreaDefinition("CHUMEN", "楚门镇", AreaLevel.TOWNSHIP));
    send(topics.areas(), "YUCHENG", new AreaDefinition("YUCHENG", "玉城街道", AreaLevel.TOWNSHIP));

    send(topics.units(), HEALTH_UNIT, new UnitDefinition(HEALTH_UNIT, "玉环市卫生健康局", "health"));
    send(topics.units(), HR_UNIT, new UnitDefinition(HR_UNIT, "玉环市人力资源和社会保障局", "hrss"));
    send(topics.units(), "REMOVED", null);
    send(topics.units(), EDUCATION_UNIT, new UnitDefinition(EDUCATION_UNIT, "玉环市教育局", "education"));
    send(topics.units(), HOUSING_UNIT, new UnitDefinition(HOUSING_UNIT, "玉环市住房和城乡建设局", "housing"));

    send(topics.domains(), "HEALTH", new DomainDefinition("HEALTH", "病有良医", HEALTH_UNIT));
    send(topics.domains(), "EMPLOYMENT", new DomainDefinition("EMPLOYMENT", "劳有所得", HR_UNIT));
    send(topics.domains(), "EDUCATION", new DomainDefinition("EDUCATION", "学有优教", EDUCATION_UNIT));
    send(topics.domains(), "REMOVED", null);
    send(topics.domains(), "HOUSING", new DomainDefinition("HOUSING", "住有宜居", HOUSING_UNIT));
    send(topics.domains(), "PLAN", new DomainDefinition("PLAN", "主要目标", "市公共服务优质共享行动专班办公室"));
  }

  private static void sendAcceptedReports() throws Exception {
    // A correction: revision 2 replaces 4 with 5.
    accepted(report("aed/KANMEN/2024-05", "health.aed_installed", "KANMEN", "2024-05", "2024-05-01", "2024-05-31", "4", 1,
        null, false, "2024-06-03T02:00:00Z"));
    accepted(report("aed/KANMEN/2024-05/r2", "health.aed_installed", "KANMEN", "2024-05", "2024-05-01", "2024-05-31", "5", 2,
        "少报一台", false, "2024-06-05T08:30:00Z"));
    // Revision 2 arrives before revision 1.
    accepted(report("aed/LUPU/2024-05/r2", "health.aed_installed", "LUPU", "2024-05", "2024-05-01", "2024-05-31", "7", 2,
        "漏报一台", false, "2024-06-04T03:00:00Z"));
    accepted(report("aed/LUPU/2024-05", "health.aed_installed", "LUPU", "2024-05", "2024-05-01", "2024-05-31", "6", 1,
        null, false, "2024-06-03T03:00:00Z"));
    // The unit system re-sends revision 2: the same report, at another place in the event log.
    DataValue resent = report("aed/LUPU/2024-05/r2", "health.aed_installed", "LUPU", "2024-05", "2024-05-01", "2024-05-31", "7", 2,
        "漏报一台", false, "2024-06-04T03:00:00Z");
    resent.setSourceOffset(RESENT_OFFSET);
    accepted(resent);
    // A retraction.
    accepted(report("aed/YUCHENG/2024-04", "health.aed_installed", "YUCHENG", "2024-04", "2024-04-01", "2024-04-30", "3", 1,
        null, false, "2024-05-02T01:00:00Z"));
    accepted(report("aed/YUCHENG/2024-04/r2", "health.aed_installed", "YUCHENG", "2024-04", "2024-04-01", "2024-04-30", null, 2,
        "重复报送", true, "2024-05-06T01:00:00Z"));
    // A RATIO report: numerator and denominator, no value.
    DataValue ratio = report("home/KANMEN/2024-Q1", "education.home_teaching_share", "KANMEN", "2024-Q1", "2024-01-01",
        "2024-03-31", null, 1, null, false, "2024-04-08T09:15:00Z");
    ratio.setReportingUnit(EDUCATION_UNIT);
    ratio.setDomain("EDUCATION");
    ratio.setLeadUnit(EDUCATION_UNIT);
    ratio.setKind(Kind.RATIO);
    ratio.setNumerator(dec("17"));
    ratio.setDenominator(dec("400"));
    accepted(ratio);
    // The largest Decimal(18, 4) digits, to the last one.
    DataValue big = report("rental/CITY/2024-03", "housing.rental_units", "CITY", "2024-03", "2024-03-01", "2024-03-31",
        "12345678901234.5678", 1, null, false, "2024-04-01T00:00:01Z");
    big.setReportingUnit(HOUSING_UNIT);
    big.setDomain("HOUSING");
    big.setLeadUnit(HOUSING_UNIT);
    big.setNote("精度检查");
    accepted(big);
  }

  private static void sendProgress() throws Exception {
    area("education.home_teaching_share", "CHUMEN", "EDUCATION", EDUCATION_UNIT, Kind.RATIO, "7", "7", "100", "2024-Q1", 1, 1);
    area("education.home_teaching_share", "KANMEN", "EDUCATION", EDUCATION_UNIT, Kind.RATIO, "4.25", "17", "400", "2024-Q1", 1, 1);
    area("education.home_teaching_share", "LUPU", "EDUCATION", EDUCATION_UNIT, Kind.RATIO, "3.1", "31", "1000", "2024-Q1", 1, 1);
    area("employment.unemployment_rate", "CITY", "EMPLOYMENT", HR_UNIT, Kind.RATIO, "4.8", "4800", "100000", "2024-Q2", 1, 2);
    area("health.aed_installed", "CHUMEN", "HEALTH", HEALTH_UNIT, Kind.COUNT, "12", null, null, "2024-05", 1, 1);
    area("health.aed_installed", "KANMEN", "HEALTH", HEALTH_UNIT, Kind.COUNT, "12", null, null, "2024-05", 3, 5);
    area("health.aed_installed", "KANMEN", "HEALTH", HEALTH_UNIT, Kind.COUNT, "8", null, null, "2024-05", 2, 4); // stale
    area("health.aed_installed", "LUPU", "HEALTH", HEALTH_UNIT, Kind.COUNT, "15", null, null, "2024-05", 2, 3);
    area("health.aed_installed", "YUCHENG", "HEALTH", HEALTH_UNIT, Kind.COUNT, "0", null, null, null, 0, 2);
    area("health.aed_installed", "CITY", "HEALTH", HEALTH_UNIT, Kind.COUNT, "39", null, null, "2024-05", 6, 8);
    area("health.fitness_trails", "LUPU", "HEALTH", HEALTH_UNIT, Kind.COUNT, "2.5", null, null, "2024-Q2", 1, 1);

    IndicatorProgress unemployment = indicatorProgress("employment.unemployment_rate", "EMPLOYMENT", HR_UNIT, Kind.RATIO,
        "4.8", 1, Direction.AT_MOST, "5", "%", "1", true, 2);
    unemployment.setNumerator(dec("4800"));
    unemployment.setDenominator(dec("100000"));
    unemployment.setAsOf(LocalDate.parse("2024-06-30"));
    unemployment.setExpected(dec("5"));
    unemployment.setGap(dec("-4"));
    unemployment.setStatus("ACHIEVED");
    unemployment.setLatestPeriod("2024-Q2");
    unemployment.setFlags(List.of("DENOMINATOR_SHIFT"));
    send(topics.indicatorProgress(), "employment.unemployment_rate", unemployment);
    send(topics.indicatorProgress(), "health.aed_installed", indicatorProgress("health.aed_installed", "HEALTH", HEALTH_UNIT,
        Kind.COUNT, "39", 3, Direction.AT_LEAST, "187", "台", "0.2085", false, 9));
    send(topics.indicatorProgress(), "health.aed_installed", indicatorProgress("health.aed_installed", "HEALTH", HEALTH_UNIT,
        Kind.COUNT, "30", 3, Direction.AT_LEAST, "187", "台", "0.1604", false, 6)); // stale

    send(topics.domainProgress(), "HEALTH", new GroupProgress("HEALTH", 2, 1, dec("1.35"), 7L, 2024));
    send(topics.domainProgress(), "HEALTH", new GroupProgress("HEALTH", 1, 0, dec("0.5"), 3L, 2024)); // stale
    send(topics.domainProgress(), "EMPLOYMENT", new GroupProgress("EMPLOYMENT", 1, 1, dec("1"), 4L, 2024));
    send(topics.domainProgress(), "EDUCATION", new GroupProgress("EDUCATION", 1, 0, dec("0.675"), 1L, 2024));

    send(topics.unitProgress(), HEALTH_UNIT, new GroupProgress(HEALTH_UNIT, 2, 1, dec("1.35"), 7L, 2024));
    send(topics.unitProgress(), HR_UNIT, new GroupProgress(HR_UNIT, 1, 1, dec("1"), 4L, 2024));
    send(topics.unitProgress(), EDUCATION_UNIT, new GroupProgress(EDUCATION_UNIT, 1, 0, dec("0.25"), 1L, 2024));
  }

  /** Status history of two indicators, an alert's three versions and one more alert, a silence and its lifting. */
  private static void sendStatus() throws Exception {
    var unemployment = evaluated("employment.unemployment_rate", "EMPLOYMENT", HR_UNIT, Kind.RATIO, "4.6", 1, Direction.AT_MOST,
        "5", "%", "1", true, 3, "2024-03-31", "5", "-8", "ON_TRACK", "2024-Q1", List.of("ON_TARGET_AT_QUARTER_END"));
    history(unemployment);
    var nothing = evaluated("health.aed_installed", "HEALTH", HEALTH_UNIT, Kind.COUNT, "0", 0, Direction.AT_LEAST,
        "187", "台", "0", false, 1, "2024-03-30", "45.4727", null, "OVERDUE", null, List.of());
    nothing.setGap(null);
    history(nothing);
    history(evaluated("health.aed_installed", "HEALTH", HEALTH_UNIT, Kind.COUNT, "16", 1, Direction.AT_LEAST,
        "187", "台", "0.0856", false, 4, "2024-03-31", "45.9836", "16.034", "LAGGING", "2024-02", List.of("JUMP")));
    history(evaluated("health.aed_installed", "HEALTH", HEALTH_UNIT, Kind.COUNT, "9", 1, Direction.AT_LEAST,
        "187", "台", "0.0481", false, 2, "2024-03-31", "45.9836", "19.7", "LAGGING", "2024-02", List.of())); // stale
    var april = evaluated("health.aed_installed", "HEALTH", HEALTH_UNIT, Kind.COUNT, "60", 1, Direction.AT_LEAST,
        "187", "台", "0.3209", false, 6, "2024-04-02", "47.0055", "-6.9489", "ON_TRACK", "2024-03", List.of());
    history(april);

    Alert raised = Alert.newBuilder().setAlertId("health.aed_installed|CITY|LAGGING|2024-03-31").setIndicatorId("health.aed_installed")
        .setIndicatorName("新增配置AED").setAreaCode("CITY").setKind(AlertKind.LAGGING).setDomain("HEALTH").setLeadUnit(HEALTH_UNIT)
        .setLeadUnitName("玉环市卫生健康局").setState(AlertState.FIRING).setRaisedAsOf(LocalDate.parse("2024-03-31"))
        .setAsOf(LocalDate.parse("2024-03-31")).setStatus("LAGGING").setActual(dec("16")).setExpected(dec("45.9836"))
        .setGap(dec("16.034")).setTarget(dec("187")).setUnit("台").setNotice(AlertNotice.RAISED).setVersion(1L).setPlanYear(2024).build();
    send(topics.alerts(), raised.getAlertId(), raised);
    Alert resolved = Alert.newBuilder(raised).setState(AlertState.RESOLVED).setResolvedAsOf(LocalDate.parse("2024-04-02"))
        .setAsOf(LocalDate.parse("2024-04-02")).setStatus("ON_TRACK").setActual(dec("60")).setExpected(dec("47.0055"))
        .setGap(dec("-6.9489")).setMutedBy("silence s-1").setNotice(AlertNotice.RESOLVED).setVersion(3L).build();
    send(topics.alerts(), raised.getAlertId(), resolved);
    Alert muted = Alert.newBuilder(raised).setMutedBy("silence s-1").setNotice(AlertNotice.NONE).setVersion(2L).build();
    send(topics.alerts(), raised.getAlertId(), muted); // stale: came after version 3
    send(topics.alerts(), "health.aed_installed|CITY|OVERDUE|2024-03-30", Alert.newBuilder(raised)
        .setAlertId("health.aed_installed|CITY|OVERDUE|2024-03-30").setKind(AlertKind.OVERDUE).setRaisedAsOf(LocalDate.parse("2024-03-30"))
        .setAsOf(LocalDate.parse("2024-03-30")).setStatus("OVERDUE").setActual(null).setExpected(dec("45.4727")).setGap(null).build());

    Silence silence = new Silence("s-1", "health.aed_installed", null, "LAGGING", "批准缓报", "专班", LocalDate.parse("2024-03-31"),
        LocalDate.parse("2024-06-30"), Instant.parse("2024-03-31T02:00:00Z"));
    send(topics.silences(), "s-1", silence);
    send(topics.silences(), "s-1", Silence.newBuilder(silence).setExpires(LocalDate.parse("2024-04-01"))
        .setReason("批准缓报 (lifted by 专班 on 2024-04-02)").build());
  }

  private static IndicatorProgress evaluated(String indicator, String domain, String leadUnit, Kind kind, String actual,
      int areaCount, Direction direction, String target, String unit, String completion, boolean achieved, long version,
      String asOf, String expected, String gap, String status, String latestPeriod, List<String> flags) {
    IndicatorProgress row = indicatorProgress(indicator, domain, leadUnit, kind, actual, areaCount, direction, target, unit,
        completion, achieved, version);
    row.setAsOf(LocalDate.parse(asOf));
    row.setExpected(dec(expected));
    row.setGap(dec(gap));
    row.setStatus(status);
    row.setLatestPeriod(latestPeriod);
    row.setFlags(flags);
    return row;
  }

  private static void history(IndicatorProgress row) throws Exception {
    send(topics.statusHistory(), row.getIndicatorId() + "|2024|CITY|" + row.getAsOf(), row);
  }

  /** Two dead letters as Kafka Streams' dead-letter queue writes them (KIP-1034 headers). */
  private static void sendDeadLetters() throws Exception {
    var headers = new RecordHeaders();
    headers.add(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME, utf8(Topics.PROGRESS_REPORTS));
    headers.add(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME, utf8("2"));
    headers.add(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME, utf8("41"));
    headers.add(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME, utf8("cn.gov.yuhuan.qyx.streams.internals.RejectedReportException"));
    headers.add(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME, utf8("value -5 is negative"));
    headers.add(DeadLetters.REASON_HEADER, utf8(RejectReason.NEGATIVE_VALUE.name()));
    sent.put(Topics.DEAD_LETTERS + "|negative", producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null,
        Instant.parse("2024-06-03T02:00:00Z").toEpochMilli(), utf8("dlq|KANMEN|2024-05"), utf8("这不是Avro"), headers)).get());

    var bare = new RecordHeaders();
    bare.add(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME, utf8("java.lang.IllegalStateException"));
    sent.put(Topics.DEAD_LETTERS + "|bug", producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null,
        Instant.parse("2024-06-03T02:00:05Z").toEpochMilli(), null, new byte[] {1, 2, 3}, bare)).get());
  }

  private static IndicatorDefinition indicator(String id, String domain, String name, Kind kind, Direction direction,
      String target, String unit, String scale, String baseline, String leadUnit, List<String> otherUnits, AreaScope scope,
      List<BigDecimal> quarterFractions, Cadence cadence, int graceDays, String source) {
    return IndicatorDefinition.newBuilder().setId(id).setDomain(domain).setName(name).setKind(kind).setDirection(direction)
        .setTarget(dec(target)).setUnit(unit).setScale(dec(scale)).setBaseline(dec(baseline)).setLeadUnit(leadUnit)
        .setOtherUnits(otherUnits).setAreaScope(scope).setDeadline(LocalDate.parse("2024-12-31"))
        .setQuarterFractions(quarterFractions).setCadence(cadence).setGraceDays(graceDays).setSource(source).setPlanYear(2024).build();
  }

  /** An accepted AED-style COUNT report; RATIO and other indicators adjust the returned record. */
  private static DataValue report(String eventId, String indicator, String area, String period, String start, String end,
      String value, int revision, String correctionReason, boolean retracted, String reportedAt) {
    return DataValue.newBuilder().setEventId(eventId).setIndicatorId(indicator).setAreaCode(area).setPeriod(period)
        .setPeriodStart(LocalDate.parse(start)).setPeriodEnd(LocalDate.parse(end)).setReportingUnit(HEALTH_UNIT)
        .setDomain("HEALTH").setLeadUnit(HEALTH_UNIT).setKind(Kind.COUNT).setValue(dec(value)).setRevision(revision)
        .setCorrectionReason(correctionReason).setRetracted(retracted).setReportedAt(Instant.parse(reportedAt))
        .setSourcePartition(0).setSourceOffset(eventLogOffset(eventId)).setPlanYear(2024).build();
  }

  /** Where the report with {@code eventId} sits in the event log, as the streams app stamps it: one offset per report. */
  private static long eventLogOffset(String eventId) {
    return EVENT_LOG.computeIfAbsent(eventId, id -> (long) EVENT_LOG.size());
  }

  /** {@code \tpartition\toffset} of a report in the event log. */
  private static String eventLog(String eventId) {
    return "\t0\t" + eventLogOffset(eventId);
  }

  private static void accepted(DataValue value) throws Exception {
    String key = value.getIndicatorId() + "|" + value.getAreaCode() + "|" + value.getPeriod();
    RecordMetadata metadata = send(topics.acceptedReports(), key, value);
    sent.put(Topics.ACCEPTED_REPORTS + "|" + value.getEventId(), metadata);
  }

  private static void area(String indicator, String area, String domain, String leadUnit, Kind kind, String actual,
      String numerator, String denominator, String latestPeriod, int valueCount, long version) throws Exception {
    send(topics.areaProgress(), indicator + "|" + area, AreaProgress.newBuilder().setIndicatorId(indicator).setAreaCode(area)
        .setDomain(domain).setLeadUnit(leadUnit).setKind(kind).setActual(dec(actual)).setNumerator(dec(numerator))
        .setDenominator(dec(denominator)).setLatestPeriod(latestPeriod).setValueCount(valueCount).setVersion(version).setPlanYear(2024).build());
  }

  private static IndicatorProgress indicatorProgress(String indicator, String domain, String leadUnit, Kind kind,
      String actual, int areaCount, Direction direction, String target, String unit, String completion, boolean achieved,
      long version) {
    return IndicatorProgress.newBuilder().setIndicatorId(indicator).setDomain(domain).setLeadUnit(leadUnit).setKind(kind)
        .setActual(dec(actual)).setAreaCount(areaCount).setDirection(direction).setTarget(dec(target)).setUnit(unit)
        .setCompletion(dec(completion)).setAchieved(achieved).setVersion(version).setPlanYear(2024).build();
  }

  /** Sends through the topic's own serdes (registry Avro); a null value is a tombstone. */
  private static <V> RecordMetadata send(Topic<String, V> topic, String key, V value) throws Exception {
    byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
    RecordMetadata metadata = producer.send(new ProducerRecord<>(topic.name(),
        topic.keySerde().serializer().serialize(topic.name(), key), bytes)).get();
    sent.put(topic.name() + "|" + key, metadata);
    return metadata;
  }

  // ---- landing and reading -----------------------------------------------------------------------

  private static void createTopics() throws Exception {
    try (Admin admin = Admin.create(stack.kafka().clientConfig())) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : SINK_TOPICS) {
        NewTopic created = new NewTopic(topic, 3, (short) 1);
        newTopics.add(REFERENCE_TOPICS.contains(topic)
            ? created.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
            : created);
      }
      admin.createTopics(newTopics).all().get();
    }
  }

  /** Runs a sink in consumer group {@code group} until it has landed and committed every record. */
  private static void land(String group) throws Exception {
    Map<String, Object> settings = new HashMap<>(stack.pipelineSettings());
    settings.put(PipelineConfig.CLICKHOUSE_DATABASE, DB);
    settings.put(PipelineConfig.SINK_GROUP_ID, group);
    var sink = new ClickHouseSink(new PipelineConfig(settings));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    Future<?> run = executor.submit(() -> {
      try (sink) {
        sink.run();
      }
      return null;
    });
    try (Admin admin = Admin.create(stack.kafka().clientConfig())) {
      await().atMost(LANDING_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
        if (run.isDone()) {
          run.get(); // a sink that died says why
          throw new IllegalStateException("the sink stopped before landing everything");
        }
        return Lag.behind(admin, group, SINK_TOPICS).isEmpty();
      });
    } finally {
      sink.stop();
      executor.shutdown();
    }
    run.get();
  }

  /** A JDBC connection as the sink makes it: its user, its settings. */
  private static Connection connect() throws Exception {
    return ClickHouseSink.connect(new PipelineConfig(stack.pipelineSettings()));
  }

  private static void bind(PreparedStatement insert, Object... values) throws Exception {
    for (int i = 0; i < values.length; i++) {
      insert.setObject(i + 1, values[i]);
    }
    insert.addBatch();
  }

  private static String rowCounts() throws Exception {
    var counts = new StringBuilder();
    for (String table : SINK_TABLE_KEYS.keySet()) {
      counts.append(table).append('=').append(clickhouse.value("SELECT count() FROM " + DB + "." + table + " FINAL")).append(' ');
    }
    return counts.toString();
  }

  private static void assertRows(String sql, String... expected) throws Exception {
    assertThat(clickhouse.rows(sql).stream().map(row -> String.join("\t", row)).toList()).as(sql).containsExactly(expected);
  }

  /** {@code \tsource_partition\tsource_offset} of an accepted report. */
  /** {@code \tversion} of a reference row: the offset of the last record of its key. */
  private static String version(String topic, String key) {
    return "\t" + sent.get(topic + "|" + key).offset();
  }

  private static String columns(String table) {
    return COLUMNS.get(table);
  }

  private static BigDecimal dec(String value) {
    return value == null ? null : Decimals.atScale("fixture", new BigDecimal(value));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(utf8(text));
  }
}
