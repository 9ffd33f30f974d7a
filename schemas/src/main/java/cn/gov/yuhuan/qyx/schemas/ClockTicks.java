package cn.gov.yuhuan.qyx.schemas;

import cn.gov.yuhuan.qyx.events.ClockTick;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The pipeline's clock (DESIGN §5): as-of dates on {@value Topics#CLOCK}, which status is judged
 * at. One key, so every tick lands in one partition, in order.
 */
public final class ClockTicks {
  /** The key of every tick. */
  public static final String KEY = "clock";
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private ClockTicks() {}

  /** Sends one tick and waits until the broker has it. */
  public static void send(String bootstrapServers, String registryUrl, LocalDate asOf, String source)
      throws InterruptedException, ExecutionException {
    Topic<String, ClockTick> clock = new Topics(new RegistryAvroSerdes(registryUrl)).clock();
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), clock.keySerde().serializer(), clock.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(clock.name(), KEY, new ClockTick(asOf, Instant.now(), source))).get();
    }
  }

  /** The latest as-of date ticked so far (the highest, should ticks have gone back), or empty before the first tick. */
  public static Optional<LocalDate> latestAsOf(String bootstrapServers, String registryUrl) {
    Topic<String, ClockTick> clock = new Topics(new RegistryAvroSerdes(registryUrl)).clock();
    LocalDate[] latest = {null};
    TopicSnapshot.read(bootstrapServers, clock, READ_TIMEOUT, record -> {
      if (record.value() != null && (latest[0] == null || record.value().getAsOf().isAfter(latest[0]))) {
        latest[0] = record.value().getAsOf();
      }
    });
    return Optional.ofNullable(latest[0]);
  }
}
