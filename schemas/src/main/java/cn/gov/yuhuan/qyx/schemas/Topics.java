package cn.gov.yuhuan.qyx.schemas;

import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.ClockTick;
import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.GroupProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.DomainDefinition;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline with its key and value serdes, declared once. Keys are plain strings
 * so any client can partition and compact by them; values are registry Avro.
 */
public final class Topics {
  /**
   * The event log, keyed by {@link DataValueKey}: the units' reports as the streams app's intake
   * copied them from their topics ({@link #unitReports}), with the sending unit in a header
   * ({@link Intake}), and the operator's clock ticks. Only the pipeline and the operator write it.
   */
  public static final String PROGRESS_REPORTS = "qyx.progress-reports.v1";
  /** What the name of a unit's topic of reports starts with; {@link #unitReports} gives the whole. */
  public static final String UNIT_REPORTS_PREFIX = "qyx.reports.";
  private static final String UNIT_REPORTS_SUFFIX = ".v1";
  /** Every unit's topic of reports, as the intake subscribes to them (new units' topics included). */
  public static final Pattern UNIT_REPORTS_PATTERN =
      Pattern.compile(Pattern.quote(UNIT_REPORTS_PREFIX) + "([a-z][a-z0-9-]*)" + Pattern.quote(UNIT_REPORTS_SUFFIX));
  /** Reports that passed every check, with their indicator's kind, domain and lead unit. */
  public static final String ACCEPTED_REPORTS = "qyx.accepted-reports.v1";
  /** Current progress per indicator × area, keyed by {@code indicator_id|area_code}. */
  public static final String AREA_PROGRESS = "qyx.area-progress.v1";
  /** Current progress per indicator, keyed by {@code indicator_id}. */
  public static final String INDICATOR_PROGRESS = "qyx.indicator-progress.v1";
  /** Current progress per domain, keyed by domain code. */
  public static final String DOMAIN_PROGRESS = "qyx.domain-progress.v1";
  /** Current progress of the indicators each unit leads, keyed by unit code. */
  public static final String UNIT_PROGRESS = "qyx.unit-progress.v1";
  /**
   * Records the streams app did not count, with the original key and value bytes and headers
   * saying why and where they came from (Kafka Streams' built-in dead-letter queue).
   */
  public static final String DEAD_LETTERS = "qyx.dead-letters.v1";
  /**
   * Records an app read but no schema decodes (the notifier's alerts), as they came, with where they
   * were read and why in headers; the sink lands them in {@code undecodable_records}.
   */
  public static final String UNDECODABLE_RECORDS = "qyx.undecodable-records.v1";
  /** As-of dates for status evaluation, keyed by {@code clock}: a log, kept so a replay sees the same days. */
  public static final String CLOCK = "qyx.clock.v1";
  /**
   * Every status evaluation per indicator × area × as-of date, keyed by {@code
   * indicator_id|area_code|as_of} (compacted: a corrected evaluation of a date replaces the first).
   */
  public static final String STATUS_HISTORY = "qyx.status-history.v1";
  /**
   * Alerts as they are raised, muted, unmuted and resolved, keyed by {@code alert_id}: a log the
   * ClickHouse sink and the notifier read.
   */
  public static final String ALERTS = "qyx.alerts.v1";
  /** Silences (approved exemptions), keyed by silence id (compacted; lifting one records an earlier expiry, never a tombstone). */
  public static final String SILENCES = "qyx.silences.v1";
  /**
   * The notifier's ledger: one record per alert notice delivered, keyed by notice id (compacted),
   * so a restart or a replay never sends a notice twice.
   */
  public static final String NOTICES_SENT = "qyx.notices-sent.v1";
  /** The catalog's indicators, keyed by id (compacted). */
  public static final String REF_INDICATORS = "qyx.ref.indicators.v1";
  /** The catalog's areas, keyed by code (compacted). */
  public static final String REF_AREAS = "qyx.ref.areas.v1";
  /** The catalog's units, keyed by code (compacted). */
  public static final String REF_UNITS = "qyx.ref.units.v1";
  /** The catalog's domains, keyed by code (compacted). */
  public static final String REF_DOMAINS = "qyx.ref.domains.v1";

  private final Topic<String, ProgressReport> progressReports;
  private final Topic<String, DataValue> acceptedReports;
  private final Topic<String, AreaProgress> areaProgress;
  private final Topic<String, IndicatorProgress> indicatorProgress;
  private final Topic<String, GroupProgress> domainProgress;
  private final Topic<String, GroupProgress> unitProgress;
  private final Topic<byte[], byte[]> deadLetters;
  private final Topic<String, ClockTick> clock;
  private final Topic<String, IndicatorProgress> statusHistory;
  private final Topic<String, Alert> alerts;
  private final Topic<String, Silence> silences;
  private final Topic<String, String> noticesSent;
  private final Topic<String, IndicatorDefinition> indicators;
  private final Topic<String, AreaDefinition> areas;
  private final Topic<String, UnitDefinition> units;
  private final Topic<String, DomainDefinition> domains;

  public Topics(AvroSerdes avro) {
    this.progressReports = new Topic<>(PROGRESS_REPORTS, Serdes.String(), avro.forValues(ProgressReport.class));
    this.acceptedReports = new Topic<>(ACCEPTED_REPORTS, Serdes.String(), avro.forValues(DataValue.class));
    this.areaProgress = new Topic<>(AREA_PROGRESS, Serdes.String(), avro.forValues(AreaProgress.class));
    this.indicatorProgress = new Topic<>(INDICATOR_PROGRESS, Serdes.String(), avro.forValues(IndicatorProgress.class));
    this.domainProgress = new Topic<>(DOMAIN_PROGRESS, Serdes.String(), avro.forValues(GroupProgress.class));
    this.unitProgress = new Topic<>(UNIT_PROGRESS, Serdes.String(), avro.forValues(GroupProgress.class));
    this.deadLetters = new Topic<>(DEAD_LETTERS, Serdes.ByteArray(), Serdes.ByteArray());
    this.clock = new Topic<>(CLOCK, Serdes.String(), avro.forValues(ClockTick.class));
    this.statusHistory = new Topic<>(STATUS_HISTORY, Serdes.String(), avro.forValues(IndicatorProgress.class));
    this.alerts = new Topic<>(ALERTS, Serdes.String(), avro.forValues(Alert.class));
    this.silences = new Topic<>(SILENCES, Serdes.String(), avro.forValues(Silence.class));
    this.noticesSent = new Topic<>(NOTICES_SENT, Serdes.String(), Serdes.String());
    this.indicators = new Topic<>(REF_INDICATORS, Serdes.String(), avro.forValues(IndicatorDefinition.class));
    this.areas = new Topic<>(REF_AREAS, Serdes.String(), avro.forValues(AreaDefinition.class));
    this.units = new Topic<>(REF_UNITS, Serdes.String(), avro.forValues(UnitDefinition.class));
    this.domains = new Topic<>(REF_DOMAINS, Serdes.String(), avro.forValues(DomainDefinition.class));
  }

  public Topic<String, ProgressReport> progressReports() {
    return progressReports;
  }

  /**
   * The topic of one unit's reports, {@code qyx.reports.ACCOUNT.v1}: only that unit's login may
   * write it, so the topic a report arrives on says which unit sent it. Its records are the event
   * log's, byte for byte (the intake copies them), so they are written with the event log's schema
   * subject whatever the topic.
   */
  public Topic<String, ProgressReport> unitReports(String account) {
    Serde<ProgressReport> eventLog = progressReports.valueSerde();
    return new Topic<>(unitReportsTopic(account), Serdes.String(), Serdes.serdeFrom(
        (topic, report) -> eventLog.serializer().serialize(PROGRESS_REPORTS, report),
        (topic, bytes) -> eventLog.deserializer().deserialize(PROGRESS_REPORTS, bytes)));
  }

  /** The name of the topic of the unit with {@code account}. */
  public static String unitReportsTopic(String account) {
    return UNIT_REPORTS_PREFIX + account + UNIT_REPORTS_SUFFIX;
  }

  /** The account of a unit's topic of reports, or empty for any other topic. */
  public static Optional<String> accountOf(String topic) {
    var matcher = UNIT_REPORTS_PATTERN.matcher(topic);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  public Topic<String, DataValue> acceptedReports() {
    return acceptedReports;
  }

  public Topic<String, AreaProgress> areaProgress() {
    return areaProgress;
  }

  public Topic<String, IndicatorProgress> indicatorProgress() {
    return indicatorProgress;
  }

  public Topic<String, GroupProgress> domainProgress() {
    return domainProgress;
  }

  public Topic<String, GroupProgress> unitProgress() {
    return unitProgress;
  }

  public Topic<byte[], byte[]> deadLetters() {
    return deadLetters;
  }

  public Topic<String, ClockTick> clock() {
    return clock;
  }

  public Topic<String, IndicatorProgress> statusHistory() {
    return statusHistory;
  }

  public Topic<String, Alert> alerts() {
    return alerts;
  }

  public Topic<String, Silence> silences() {
    return silences;
  }

  /** Keyed by notice id; the value is the id of the digest that carried it (plain text). */
  public Topic<String, String> noticesSent() {
    return noticesSent;
  }

  public Topic<String, IndicatorDefinition> indicators() {
    return indicators;
  }

  public Topic<String, AreaDefinition> areas() {
    return areas;
  }

  public Topic<String, UnitDefinition> units() {
    return units;
  }

  public Topic<String, DomainDefinition> domains() {
    return domains;
  }
}
