package cn.gov.yuhuan.qyx.producers.silence;

import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** The silences on {@value Topics#SILENCES}: written by supervisors, read by the streams app. */
public final class SilenceLog {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final Topic<String, Silence> topic;

  public SilenceLog(String bootstrapServers, String registryUrl) {
    this.bootstrapServers = bootstrapServers;
    this.topic = new Topics(new RegistryAvroSerdes(registryUrl)).silences();
  }

  /** Records a silence (a new one, or a new version of one with the same id) and waits for the broker. */
  public void write(Silence silence) throws InterruptedException, ExecutionException {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), silence.getSilenceId(), silence)).get();
    }
  }

  /** Every silence on record, latest version of each, by id. */
  public Map<String, Silence> readAll() {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      var partitions = consumer.partitionsFor(topic.name(), READ_TIMEOUT).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
      Map<String, Silence> silences = new TreeMap<>();
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic.name() + " to its end within " + READ_TIMEOUT.toSeconds() + " s");
        }
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() == null) {
            silences.remove(record.key());
          } else {
            silences.put(record.key(), record.value());
          }
        }
      }
      return silences;
    }
  }
}
