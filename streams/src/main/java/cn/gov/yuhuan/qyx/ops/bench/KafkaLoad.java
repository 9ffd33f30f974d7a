package cn.gov.yuhuan.qyx.ops.bench;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Sends the bench's reports as a unit system would, and reads a topic back as fast as Kafka can. */
final class KafkaLoad {
  private final KafkaAccess kafka;
  private final Topic<String, ProgressReport> reports;

  KafkaLoad(KafkaAccess kafka, Topic<String, ProgressReport> reports) {
    this.kafka = kafka;
    this.reports = reports;
  }

  /**
   * The settings of the producer library's {@code ReportSender}: idempotent, every replica
   * acknowledging, 5 ms linger.
   */
  Map<String, Object> senderSettings() {
    return kafka.clientConfig(Map.of(
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5));
  }

  KafkaProducer<String, ProgressReport> sender(Map<String, Object> overrides) {
    Map<String, Object> settings = new HashMap<>(senderSettings());
    settings.putAll(overrides);
    return new KafkaProducer<>(settings, reports.keySerde().serializer(), reports.valueSerde().serializer());
  }

  /** Sends every report to {@code topic}, keyed as the library keys them; returns reports per second until the last is acknowledged. */
  double produce(String topic, int partitions, Iterator<ProgressReport> all, long count) throws InterruptedException {
    ensureTopic(topic, partitions);
    AtomicReference<Exception> failed = new AtomicReference<>();
    long start = System.nanoTime();
    try (var producer = sender(Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024))) {
      while (all.hasNext()) {
        ProgressReport report = all.next();
        producer.send(new ProducerRecord<>(topic, DataValueKey.of(report), report),
            (metadata, error) -> {
              if (error != null) {
                failed.compareAndSet(null, error);
              }
            });
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("the broker refused a report of the bench", failed.get());
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /** Reads {@code count} records of {@code topic} from its start; returns records per second. */
  double consume(String topic, long count) {
    try (var consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000)), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long read = 0;
      long start = System.nanoTime();
      while (read < count) {
        read += consumer.poll(Duration.ofMillis(500)).count();
      }
      return read / ((System.nanoTime() - start) / 1e9);
    }
  }

  int partitionsOf(String topic) throws InterruptedException {
    try (Admin admin = admin()) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot describe " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void ensureTopic(String topic, int partitions) throws InterruptedException {
    try (Admin admin = admin()) {
      if (!admin.listTopics().names().get().contains(topic)) {
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private Admin admin() {
    return Admin.create(kafka.clientConfig());
  }
}
