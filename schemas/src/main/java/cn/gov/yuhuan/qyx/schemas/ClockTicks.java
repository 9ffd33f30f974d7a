package cn.gov.yuhuan.qyx.schemas;

import cn.gov.yuhuan.qyx.events.ClockTick;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The pipeline's clock (docs/design.md §5): as-of dates, which status is judged at.
 *
 * <p>A tick is written into every partition of the event log ({@value Topics#PROGRESS_REPORTS}),
 * as a record with no value and the date in its headers, and a report counts from the last tick
 * before it in its partition. So which day a report counts for is fixed by the log itself: the
 * same live and in any replay, whatever the speed of the pipeline and the senders' clocks. The
 * tick is also recorded on {@value Topics#CLOCK}, which the operator commands read for the
 * current date. The units' reports reach the event log through the intake ({@link Intake}), so a
 * tick waits until the intake has copied what they sent before it.
 */
public final class ClockTicks {
  /** The key of every tick. */
  public static final String KEY = "clock";
  /** Header of a tick in the event log: its as-of date, ISO. */
  public static final String AS_OF_HEADER = "qyx.tick.as-of";
  /** Header of a tick in the event log: who sent it. */
  public static final String SOURCE_HEADER = "qyx.tick.source";
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  /** The plan's time zone, in which a day begins (Yuhuan). */
  public static final ZoneId PLAN_ZONE = ZoneId.of("Asia/Shanghai");
  /**
   * How far a tick may be ahead of today: one day, for a ticker whose clock runs a little ahead of
   * this machine's at midnight. The clock never goes back, so a tick further ahead would stop it.
   */
  public static final int MAX_DAYS_AHEAD = 1;

  private ClockTicks() {}

  /** The records of one tick in the event log: one per partition, no value, the date in the headers. */
  public static List<ProducerRecord<byte[], byte[]>> eventLogRecords(ClockTick tick, int eventLogPartitions) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int partition = 0; partition < eventLogPartitions; partition++) {
      Headers headers = new RecordHeaders()
          .add(AS_OF_HEADER, tick.getAsOf().toString().getBytes(StandardCharsets.UTF_8))
          .add(SOURCE_HEADER, tick.getSource().getBytes(StandardCharsets.UTF_8));
      records.add(new ProducerRecord<>(Topics.PROGRESS_REPORTS, partition, tick.getEmittedAt().toEpochMilli(),
          KEY.getBytes(StandardCharsets.UTF_8), null, headers));
    }
    return records;
  }

  /** The as-of date of a tick in the event log, or empty for a record that is not one. */
  public static Optional<LocalDate> asOf(Headers headers) {
    Header header = headers.lastHeader(AS_OF_HEADER);
    if (header == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(new String(header.value(), StandardCharsets.UTF_8)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Sends one tick to every partition of the event log, after every report the units sent before it
   * ({@link Intake#awaitCopied}), then records it on the clock topic, and waits until the broker has them.
   */
  public static void send(KafkaAccess kafka, String registryUrl, LocalDate asOf, String source)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Intake.awaitCopied(admin);
    }
    Topic<String, ClockTick> clock = new Topics(RegistryAvroSerdes.registering(registryUrl)).clock();
    var tick = new ClockTick(asOf, Instant.now(), source);
    Map<String, Object> settings = kafka.clientConfig(Map.of(
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
    try (var producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<?>> acks = new ArrayList<>();
      for (var record : eventLogRecords(tick, producer.partitionsFor(Topics.PROGRESS_REPORTS).size())) {
        acks.add(producer.send(record));
      }
      for (Future<?> ack : acks) {
        ack.get();
      }
    }
    try (var producer = new KafkaProducer<>(settings, clock.keySerde().serializer(), clock.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(clock.name(), KEY, tick)).get();
    }
  }

  /** Whether a tick of {@code asOf} is further ahead of {@code now} than any clock may be ({@link #MAX_DAYS_AHEAD}). */
  public static boolean tooFarAhead(LocalDate asOf, Instant now) {
    return asOf.isAfter(now.atZone(PLAN_ZONE).toLocalDate().plusDays(MAX_DAYS_AHEAD));
  }

  /**
   * The latest as-of date ticked so far (the highest, should ticks have gone back), or empty before
   * the first tick. A tick too far ahead of today ({@link #tooFarAhead}) is not counted: the pipeline
   * refused it, and the ticker must not wait for it.
   */
  public static Optional<LocalDate> latestAsOf(KafkaAccess kafka, String registryUrl) {
    Topic<String, ClockTick> clock = new Topics(new RegistryAvroSerdes(registryUrl)).clock();
    LocalDate[] latest = {null};
    Instant now = Instant.now();
    TopicSnapshot.read(kafka, clock, READ_TIMEOUT, record -> {
      if (record.value() != null && !tooFarAhead(record.value().getAsOf(), now)
          && (latest[0] == null || record.value().getAsOf().isAfter(latest[0]))) {
        latest[0] = record.value().getAsOf();
      }
    });
    return Optional.ofNullable(latest[0]);
  }
}
