package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the catalog to its compacted reference topics, keyed by id or code, where the streams
 * app reads it as global tables and the sink lands it for analysts. Publishing the same catalog
 * again changes nothing downstream; an edited row replaces the old one by key.
 */
public final class CatalogPublisher {
  private CatalogPublisher() {}

  /** Sends every definition and waits until the broker has them all; returns how many. */
  public static int publish(Catalog catalog, String bootstrapServers, String registryUrl) {
    var topics = new Topics(new RegistryAvroSerdes(registryUrl));
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all");
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      sendAll(producer, topics.indicators(), catalog.indicators(), i -> i.getId(), sent);
      sendAll(producer, topics.areas(), catalog.areas(), a -> a.getCode(), sent);
      sendAll(producer, topics.units(), catalog.units(), u -> u.getCode(), sent);
      sendAll(producer, topics.domains(), catalog.domains(), d -> d.getCode(), sent);
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }
    return sent.size();
  }

  private static <V> void sendAll(KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, Iterable<V> values,
      Function<V, String> key, List<CompletableFuture<Void>> sent) {
    for (V value : values) {
      var done = new CompletableFuture<Void>();
      byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key.apply(value));
      byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
      producer.send(new ProducerRecord<>(topic.name(), keyBytes, valueBytes), (metadata, error) -> {
        if (error != null) {
          done.completeExceptionally(error);
        } else {
          done.complete(null);
        }
      });
      sent.add(done);
    }
  }
}
