package cn.gov.yuhuan.qyx.sink;

import static cn.gov.yuhuan.qyx.sink.RecordTable.constant;
import static cn.gov.yuhuan.qyx.sink.RecordTable.field;
import static cn.gov.yuhuan.qyx.sink.RecordTable.landedAt;
import static cn.gov.yuhuan.qyx.sink.RecordTable.offset;
import static cn.gov.yuhuan.qyx.sink.RecordTable.partition;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.PlanYears;
import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.catalog.status.Targets;
import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.GroupProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.DomainDefinition;
import cn.gov.yuhuan.qyx.reference.Firmness;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Measure;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.sink.RecordTable.Column;
import cn.gov.yuhuan.qyx.streams.internals.DeadLetters;
import cn.gov.yuhuan.qyx.streams.status.AlertTracks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;

/**
 * The topic → table mappings of the sink, one per table of {@code clickhouse/schema.sql} that a
 * topic fills. Columns are listed in the order of the table's DDL.
 */
final class SinkTables {
  private SinkTables() {}

  static List<SinkTable> all(Topics topics) {
    return List.of(
        progressEvents(topics),
        rejectedEvents(),
        undecodableRecords(),
        areaProgress(topics),
        indicatorProgress(topics),
        statusHistory(topics),
        alerts(topics),
        silences(topics),
        groupProgress(topics.domainProgress(), "domain_progress", "domain"),
        groupProgress(topics.unitProgress(), "unit_progress", "lead_unit"),
        indicators(topics),
        areas(topics),
        units(topics),
        domains(topics));
  }

  /** Every accepted report, identified by its place in the event log, so a replay lands onto itself. */
  private static SinkTable progressEvents(Topics topics) {
    return RecordTable.avro(topics.acceptedReports(), "progress_events",
        field("event_id", DataValue::getEventId),
        field("indicator_id", DataValue::getIndicatorId),
        field("area_code", DataValue::getAreaCode),
        field("period", DataValue::getPeriod),
        field("period_start", DataValue::getPeriodStart),
        field("period_end", DataValue::getPeriodEnd),
        field("plan_year", PlanYears::of),
        field("reporting_unit", DataValue::getReportingUnit),
        field("domain", DataValue::getDomain),
        field("lead_unit", DataValue::getLeadUnit),
        field("kind", DataValue::getKind),
        field("value", DataValue::getValue),
        field("numerator", DataValue::getNumerator),
        field("denominator", DataValue::getDenominator),
        field("revision", DataValue::getRevision),
        field("correction_reason", DataValue::getCorrectionReason),
        field("retracted", DataValue::getRetracted),
        field("reported_at", DataValue::getReportedAt),
        field("note", DataValue::getNote),
        field("source_partition", DataValue::getSourcePartition),
        field("source_offset", DataValue::getSourceOffset),
        field("counted_from", DataValue::getCountedFrom),
        landedAt());
  }

  private static SinkTable areaProgress(Topics topics) {
    return RecordTable.avro(topics.areaProgress(), "area_progress",
        field("indicator_id", AreaProgress::getIndicatorId),
        field("plan_year", AreaProgress::getPlanYear),
        field("area_code", AreaProgress::getAreaCode),
        field("domain", AreaProgress::getDomain),
        field("lead_unit", AreaProgress::getLeadUnit),
        field("kind", AreaProgress::getKind),
        field("actual", AreaProgress::getActual),
        field("numerator", AreaProgress::getNumerator),
        field("denominator", AreaProgress::getDenominator),
        field("latest_period", AreaProgress::getLatestPeriod),
        field("value_count", AreaProgress::getValueCount),
        field("flags", AreaProgress::getFlags),
        field("version", AreaProgress::getVersion),
        landedAt());
  }

  private static SinkTable indicatorProgress(Topics topics) {
    return RecordTable.avro(topics.indicatorProgress(), "indicator_progress",
        field("indicator_id", IndicatorProgress::getIndicatorId),
        field("plan_year", IndicatorProgress::getPlanYear),
        field("domain", IndicatorProgress::getDomain),
        field("lead_unit", IndicatorProgress::getLeadUnit),
        field("kind", IndicatorProgress::getKind),
        field("actual", IndicatorProgress::getActual),
        field("numerator", IndicatorProgress::getNumerator),
        field("denominator", IndicatorProgress::getDenominator),
        field("area_count", IndicatorProgress::getAreaCount),
        field("direction", IndicatorProgress::getDirection),
        field("target", IndicatorProgress::getTarget),
        field("unit", IndicatorProgress::getUnit),
        field("completion", IndicatorProgress::getCompletion),
        field("achieved", IndicatorProgress::getAchieved),
        field("as_of", IndicatorProgress::getAsOf),
        field("expected", IndicatorProgress::getExpected),
        field("gap", IndicatorProgress::getGap),
        field("status", IndicatorProgress::getStatus),
        field("latest_period", IndicatorProgress::getLatestPeriod),
        field("flags", IndicatorProgress::getFlags),
        field("previous", IndicatorProgress::getPrevious),
        field("year_ago", IndicatorProgress::getYearAgo),
        field("version", IndicatorProgress::getVersion),
        landedAt());
  }

  /** Every as-of date's evaluation; a corrected one (a value that came after its tick) replaces the first. */
  private static SinkTable statusHistory(Topics topics) {
    return RecordTable.avro(topics.statusHistory(), "status_history",
        field("indicator_id", IndicatorProgress::getIndicatorId),
        field("plan_year", IndicatorProgress::getPlanYear),
        constant("area_code", AlertTracks.CITY),
        field("as_of", IndicatorProgress::getAsOf),
        field("domain", IndicatorProgress::getDomain),
        field("lead_unit", IndicatorProgress::getLeadUnit),
        field("kind", IndicatorProgress::getKind),
        field("direction", IndicatorProgress::getDirection),
        field("target", IndicatorProgress::getTarget),
        field("unit", IndicatorProgress::getUnit),
        field("actual", row -> row.getAreaCount() > 0 ? row.getActual() : null),
        field("expected", IndicatorProgress::getExpected),
        field("gap", IndicatorProgress::getGap),
        field("completion", row -> row.getAreaCount() > 0 ? row.getCompletion() : null),
        field("achieved", IndicatorProgress::getAchieved),
        field("status", IndicatorProgress::getStatus),
        field("latest_period", IndicatorProgress::getLatestPeriod),
        field("flags", IndicatorProgress::getFlags),
        field("previous", IndicatorProgress::getPrevious),
        field("year_ago", IndicatorProgress::getYearAgo),
        field("version", IndicatorProgress::getVersion),
        landedAt());
  }

  private static SinkTable alerts(Topics topics) {
    return RecordTable.avro(topics.alerts(), "alerts",
        field("alert_id", Alert::getAlertId),
        field("indicator_id", Alert::getIndicatorId),
        field("plan_year", Alert::getPlanYear),
        field("indicator_name", Alert::getIndicatorName),
        field("area_code", Alert::getAreaCode),
        field("kind", Alert::getKind),
        field("domain", Alert::getDomain),
        field("lead_unit", Alert::getLeadUnit),
        field("lead_unit_name", Alert::getLeadUnitName),
        field("state", Alert::getState),
        field("raised_as_of", Alert::getRaisedAsOf),
        field("resolved_as_of", Alert::getResolvedAsOf),
        field("as_of", Alert::getAsOf),
        field("status", Alert::getStatus),
        field("actual", Alert::getActual),
        field("expected", Alert::getExpected),
        field("gap", Alert::getGap),
        field("target", Alert::getTarget),
        field("unit", Alert::getUnit),
        field("muted_by", Alert::getMutedBy),
        field("notice", Alert::getNotice),
        field("version", Alert::getVersion),
        landedAt());
  }

  /** Silences: like reference data, a key stays in its partition, so the offset is the version. */
  private static SinkTable silences(Topics topics) {
    return RecordTable.avro(topics.silences(), "silences",
        field("silence_id", Silence::getSilenceId),
        field("indicator_id", Silence::getIndicatorId),
        field("area_code", Silence::getAreaCode),
        field("kind", Silence::getKind),
        field("reason", Silence::getReason),
        field("approved_by", Silence::getApprovedBy),
        field("starts", Silence::getStarts),
        field("expires", Silence::getExpires),
        field("created_at", Silence::getCreatedAt),
        offset("version"),
        landedAt());
  }

  /** Domain or unit progress: the same record, its group code under the table's own column name. */
  private static SinkTable groupProgress(Topic<String, GroupProgress> topic, String table, String groupColumn) {
    return RecordTable.avro(topic, table,
        field("plan_year", GroupProgress::getPlanYear),
        field(groupColumn, GroupProgress::getGroupCode),
        field("reported_indicators", GroupProgress::getReportedIndicators),
        field("achieved_indicators", GroupProgress::getAchievedIndicators),
        field("completion_sum", GroupProgress::getCompletionSum),
        field("version", GroupProgress::getVersion),
        landedAt());
  }

  // Reference data: a key always lands in the same partition of its compacted topic, so the
  // record's offset rises with every edit and serves as the version. Tombstones have no row.

  private static SinkTable indicators(Topics topics) {
    return RecordTable.avro(topics.indicators(), "indicators",
        field("indicator_id", IndicatorDefinition::getId),
        field("plan_year", PlanYears::of),
        field("effective_from", i -> i.getEffectiveFrom() != null ? i.getEffectiveFrom() : Catalog.planStart(PlanYears.of(i))),
        field("domain", IndicatorDefinition::getDomain),
        field("name", IndicatorDefinition::getName),
        field("kind", IndicatorDefinition::getKind),
        field("measure", i -> i.getMeasure() == Measure.UNKNOWN ? "" : i.getMeasure().name()),
        field("direction", IndicatorDefinition::getDirection),
        field("target", IndicatorDefinition::getTarget),
        field("target_low", IndicatorDefinition::getTargetLow),
        field("unit", IndicatorDefinition::getUnit),
        field("scale", IndicatorDefinition::getScale),
        field("baseline", IndicatorDefinition::getBaseline),
        field("lead_unit", IndicatorDefinition::getLeadUnit),
        field("joint_lead_units", IndicatorDefinition::getJointLeadUnits),
        field("other_units", IndicatorDefinition::getOtherUnits),
        field("area_scope", IndicatorDefinition::getAreaScope),
        field("deadline", IndicatorDefinition::getDeadline),
        field("quarter_fractions", IndicatorDefinition::getQuarterFractions),
        field("trajectory", Targets::trajectory),
        field("firmness", i -> Targets.isStretch(i) ? Firmness.STRETCH : Firmness.FIRM),
        field("cadence", IndicatorDefinition::getCadence),
        field("grace_days", IndicatorDefinition::getGraceDays),
        field("stages", IndicatorDefinition::getStages),
        field("source", IndicatorDefinition::getSource),
        offset("version"),
        landedAt());
  }

  private static SinkTable areas(Topics topics) {
    return RecordTable.avro(topics.areas(), "areas",
        field("area_code", AreaDefinition::getCode),
        field("name", AreaDefinition::getName),
        field("level", AreaDefinition::getLevel),
        offset("version"),
        landedAt());
  }

  private static SinkTable units(Topics topics) {
    return RecordTable.avro(topics.units(), "units",
        field("unit_code", UnitDefinition::getCode),
        field("name", UnitDefinition::getName),
        offset("version"),
        landedAt());
  }

  private static SinkTable domains(Topics topics) {
    return RecordTable.avro(topics.domains(), "domains",
        field("domain", DomainDefinition::getCode),
        field("name", DomainDefinition::getName),
        field("lead_unit", DomainDefinition::getLeadUnit),
        offset("version"),
        landedAt());
  }

  /**
   * Dead letters as Kafka Streams writes them (KIP-1034): the original key and value bytes, where
   * they were read and the exception in headers, and the reason code in {@value DeadLetters#REASON_HEADER}.
   * Each is its own row: its place in the dead-letter topic is its identity.
   */
  private static SinkTable rejectedEvents() {
    List<Column<ConsumerRecord<byte[], byte[]>>> columns = new ArrayList<>(List.of(
        header("reason", DeadLetters.REASON_HEADER, RejectReason.PROCESSING_ERROR.name()),
        new Column<>("detail", landing -> detail(landing.record()))));
    columns.addAll(originAndBytes());
    columns.addAll(List.of(
        partition("dead_letter_partition"),
        offset("dead_letter_offset"),
        new Column<>("rejected_at", landing -> Instant.ofEpochMilli(landing.record().timestamp())),
        landedAt()));
    return new RecordTable<>(Topics.DEAD_LETTERS, "rejected_events", Function.identity(), columns);
  }

  /** What the notifier set aside ({@code UndecodableRecords}), in the same table as what the sink itself could not decode. */
  private static SinkTable undecodableRecords() {
    List<Column<ConsumerRecord<byte[], byte[]>>> columns = new ArrayList<>(originAndBytes());
    columns.addAll(List.of(
        header("error", ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME, ""),
        landedAt()));
    return new RecordTable<>(Topics.UNDECODABLE_RECORDS, Undecodable.TABLE, Function.identity(), columns);
  }

  /**
   * Where a set-aside record was read (Kafka Streams' KIP-1034 headers, -1 when missing) and its
   * bytes as they came: the same in rejected_events and undecodable_records.
   */
  private static List<Column<ConsumerRecord<byte[], byte[]>>> originAndBytes() {
    return List.of(
        header("source_topic", ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME, ""),
        new Column<>("source_partition", landing ->
            (int) parseOr(header(landing.record(), ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME), -1)),
        new Column<>("source_offset", landing ->
            parseOr(header(landing.record(), ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME), -1)),
        new Column<>("raw_key_base64", landing -> base64(landing.record().key())),
        new Column<>("raw_value_base64", landing -> base64(landing.record().value())));
  }

  /** A header's text, or {@code fallback} when it is missing or empty. */
  private static Column<ConsumerRecord<byte[], byte[]>> header(String column, String name, String fallback) {
    return new Column<>(column, landing -> {
      String text = header(landing.record(), name);
      return text.isEmpty() ? fallback : text;
    });
  }

  /** The failed check's message, else the exception's class name. */
  private static String detail(ConsumerRecord<?, ?> record) {
    String message = header(record, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME);
    return message.isEmpty() ? header(record, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME) : message;
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static long parseOr(String text, long fallback) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? "" : Base64.getEncoder().encodeToString(bytes);
  }
}
