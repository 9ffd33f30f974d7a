package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the catalog to its compacted reference topics, where the streams app reads it as global
 * tables and the sink lands it for analysts: areas, units and domains by code, indicators by
 * edition and by plan indicator ({@link Catalog#publishedIndicators}). Publishing the same catalog
 * again changes nothing downstream.
 */
public final class CatalogPublisher {
  private CatalogPublisher() {}

  /**
   * The editions {@code catalog} would change although they already judge dates the clock has
   * passed: an edition judges from its effective date (the plan year's 1 January for the first), and
   * the history before the clock was judged by what was published then, which a rebuild must judge
   * the same way. A revision is a new edition, dated after the clock. Empty when publishing is safe.
   *
   * @param published the indicators topic's records by key
   * @param clock the pipeline's as-of date, empty before the first tick
   */
  public static List<String> editionsChangingThePast(Catalog catalog, Map<String, IndicatorDefinition> published,
      Optional<LocalDate> clock) {
    List<String> problems = new ArrayList<>();
    if (clock.isEmpty()) {
      return problems;
    }
    catalog.publishedIndicators().forEach((key, edition) -> {
      LocalDate judgesFrom = edition.getEffectiveFrom() != null ? edition.getEffectiveFrom() : Catalog.planStart(PlanYears.of(edition));
      if (PlanKeys.isEdition(key) && !judgesFrom.isAfter(clock.get()) && !edition.equals(published.get(key))) {
        problems.add(edition.getId() + " (plan " + PlanYears.of(edition) + ", " + (edition.getEffectiveFrom() == null ? "first edition"
            : "effective " + edition.getEffectiveFrom()) + ") would " + (published.containsKey(key) ? "change" : "be added")
            + " from " + judgesFrom + ", but the clock is at " + clock.get() + ": leave it as published and add a row with an"
            + " effective_from after " + clock.get());
      }
    });
    return problems;
  }

  /** Sends every definition and waits until the broker has them all; returns how many. */
  public static int publish(Catalog catalog, KafkaAccess kafka, String registryUrl) {
    var topics = new Topics(RegistryAvroSerdes.registering(registryUrl));
    Map<String, Object> config = kafka.clientConfig(Map.of(
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all"));
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      catalog.publishedIndicators().forEach((key, edition) -> send(producer, topics.indicators(), key, edition, sent));
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
      send(producer, topic, key.apply(value), value, sent);
    }
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, String key, V value,
      List<CompletableFuture<Void>> sent) {
    var done = new CompletableFuture<Void>();
    byte[] keyBytes = topic.keySerde().serializer().serialize(topic.name(), key);
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
