package cn.gov.yuhuan.qyx.schemas;

import cn.gov.yuhuan.qyx.events.ClockTick;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

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
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), clock.keySerde().deserializer(), clock.valueSerde().deserializer())) {
      var partitions = consumer.partitionsFor(clock.name(), READ_TIMEOUT).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
      LocalDate latest = null;
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + clock.name() + " to its end within " + READ_TIMEOUT.toSeconds() + " s");
        }
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() != null && (latest == null || record.value().getAsOf().isAfter(latest))) {
            latest = record.value().getAsOf();
          }
        }
      }
      return Optional.ofNullable(latest);
    }
  }
}
