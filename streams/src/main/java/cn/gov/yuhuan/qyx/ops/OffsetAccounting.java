package cn.gov.yuhuan.qyx.ops;

import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.TopicSnapshot;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;

/**
 * Exactly-once, checked record by record: every record of the event log must come out of the
 * streams app once, as an accepted report ({@value Topics#ACCEPTED_REPORTS}, which names its place
 * in the event log) or as a dead letter (whose headers name it), and a clock tick never as a report.
 * Both are read {@code read_committed}, as the sink reads them, so a report a crashed transaction
 * wrote and a retry wrote again would show up twice. Counting rows in ClickHouse with {@code FINAL}
 * cannot tell: it folds such duplicates. Run once the app has caught up ({@link Sync}), on a stack
 * younger than the accepted reports' retention (30 days): for tests and fault runs, not for a
 * production year. The intake's copy is not checked here (a unit's report copied twice would be two
 * records of the event log, each accounted for).
 */
public final class OffsetAccounting {
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
  private static final int SHOWN = 10;

  /** What the check found; {@code missing} and {@code duplicated} name up to ten places each. */
  public record Result(long records, long ticks, long accepted, long rejected, long missingCount, long duplicatedCount,
      List<String> missing, List<String> duplicated) {
    public boolean exact() {
      return missingCount == 0 && duplicatedCount == 0;
    }

    @Override
    public String toString() {
      return String.format("event log: %,d records (%,d ticks); accepted %,d, rejected %,d; missing %,d%s, duplicated %,d%s", records, ticks,
          accepted, rejected, missingCount, missing.isEmpty() ? "" : " " + missing, duplicatedCount, duplicated.isEmpty() ? "" : " " + duplicated);
    }
  }

  private OffsetAccounting() {}

  public static Result check(KafkaAccess kafka, Topics topics) {
    // The event log first, to its end now: outputs of records appended later are then not counted
    // against it, and records appended later are not missing from outputs read before them.
    Map<Long, Boolean> eventLog = eventLog(kafka);
    Map<Long, Integer> accepted = new HashMap<>();
    TopicSnapshot.read(kafka, topics.acceptedReports(), READ_TIMEOUT, record -> {
      DataValue value = record.value();
      accepted.merge(place(value.getSourcePartition(), value.getSourceOffset()), 1, Integer::sum);
    });
    Map<Long, Integer> rejected = new HashMap<>();
    TopicSnapshot.read(kafka, topics.deadLetters(), READ_TIMEOUT, record -> {
      if (Topics.PROGRESS_REPORTS.equals(header(record.headers().lastHeader(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME)))) {
        rejected.merge(place(Integer.parseInt(header(record.headers().lastHeader(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME))),
            Long.parseLong(header(record.headers().lastHeader(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME)))), 1, Integer::sum);
      }
    });
    long ticks = 0;
    long missingCount = 0;
    long duplicatedCount = 0;
    List<String> missing = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    for (Map.Entry<Long, Boolean> record : eventLog.entrySet()) {
      long place = record.getKey();
      boolean tick = record.getValue();
      int asReport = accepted.getOrDefault(place, 0);
      int asDeadLetter = rejected.getOrDefault(place, 0);
      ticks += tick ? 1 : 0;
      String where = describe(place);
      if (tick ? asReport > 0 || asDeadLetter > 1 : asReport + asDeadLetter > 1) {
        duplicatedCount++;
        if (duplicated.size() < SHOWN) {
          duplicated.add(where + " (accepted " + asReport + ", rejected " + asDeadLetter + ")");
        }
      } else if (!tick && asReport + asDeadLetter == 0) {
        missingCount++;
        if (missing.size() < SHOWN) {
          missing.add(where);
        }
      }
    }
    long acceptedTotal = accepted.values().stream().mapToLong(Integer::longValue).sum();
    long rejectedTotal = rejected.values().stream().mapToLong(Integer::longValue).sum();
    return new Result(eventLog.size(), ticks, acceptedTotal, rejectedTotal, missingCount, duplicatedCount, missing, duplicated);
  }

  /** The places of the event log's reports (its records but the clock's ticks), read committed, to its end now. */
  public static Set<Long> reportsOfEventLog(KafkaAccess kafka) {
    Set<Long> reports = new HashSet<>();
    eventLog(kafka).forEach((place, tick) -> {
      if (!tick) {
        reports.add(place);
      }
    });
    return reports;
  }

  /** Every record of the event log, read committed, to its end now: its place, and whether it is a tick. */
  private static Map<Long, Boolean> eventLog(KafkaAccess kafka) {
    Map<Long, Boolean> eventLog = new LinkedHashMap<>();
    Topic<byte[], byte[]> raw = new Topic<>(Topics.PROGRESS_REPORTS, Serdes.ByteArray(), Serdes.ByteArray());
    TopicSnapshot.read(kafka, raw, READ_TIMEOUT, record ->
        eventLog.put(place(record.partition(), record.offset()), ClockTicks.asOf(record.headers()).isPresent()));
    return eventLog;
  }

  /** A record's place in the event log as one number: partitions are few, offsets below 2^48. */
  public static long place(int partition, long offset) {
    return ((long) partition << 48) | offset;
  }

  /** A {@link #place} as partition@offset. */
  public static String describe(long place) {
    return (place >>> 48) + "@" + (place & ((1L << 48) - 1));
  }

  private static String header(Header header) {
    return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}
