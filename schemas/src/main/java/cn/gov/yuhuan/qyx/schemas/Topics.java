package cn.gov.yuhuan.qyx.schemas;

import cn.gov.yuhuan.qyx.events.AreaProgress;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline with its key and value serdes, declared once. Keys are plain strings
 * so any client can partition and compact by them; values are registry Avro.
 */
public final class Topics {
  /** Progress reports from unit systems, keyed by {@link DataValueKey}: the event log. */
  public static final String PROGRESS_REPORTS = "qyx.progress-reports.v1";
  /** Current progress per indicator × area, keyed by {@code indicator_id|area_code}. */
  public static final String AREA_PROGRESS = "qyx.area-progress.v1";
  /** Current progress per indicator, keyed by {@code indicator_id}. */
  public static final String INDICATOR_PROGRESS = "qyx.indicator-progress.v1";
  /**
   * Records the streams app could not process, with the original key and value bytes and headers
   * saying why and where they came from (Kafka Streams' built-in dead-letter queue).
   */
  public static final String DEAD_LETTERS = "qyx.dead-letters.v1";

  private final Topic<String, ProgressReport> progressReports;
  private final Topic<String, AreaProgress> areaProgress;
  private final Topic<String, IndicatorProgress> indicatorProgress;
  private final Topic<byte[], byte[]> deadLetters;

  public Topics(AvroSerdes avro) {
    this.progressReports = new Topic<>(PROGRESS_REPORTS, Serdes.String(), avro.forValues(ProgressReport.class));
    this.areaProgress = new Topic<>(AREA_PROGRESS, Serdes.String(), avro.forValues(AreaProgress.class));
    this.indicatorProgress = new Topic<>(INDICATOR_PROGRESS, Serdes.String(), avro.forValues(IndicatorProgress.class));
    this.deadLetters = new Topic<>(DEAD_LETTERS, Serdes.ByteArray(), Serdes.ByteArray());
  }

  public Topic<String, ProgressReport> progressReports() {
    return progressReports;
  }

  public Topic<String, AreaProgress> areaProgress() {
    return areaProgress;
  }

  public Topic<String, IndicatorProgress> indicatorProgress() {
    return indicatorProgress;
  }

  public Topic<byte[], byte[]> deadLetters() {
    return deadLetters;
  }
}
