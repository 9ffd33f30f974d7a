package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.reference.AreaDefinition;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The catalog as published on the reference topics: what the streams app checks reports against,
 * read once to the end. A unit system that checks with it before sending gets the same answer the
 * pipeline would give.
 */
public final class PublishedCatalog implements ReferenceData {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /** The indicators topic's records by key: every edition, and each plan indicator's latest. */
  private final NavigableMap<String, IndicatorDefinition> indicators;
  private final Map<String, AreaDefinition> areas;
  private final Map<String, UnitDefinition> units;

  private PublishedCatalog(Map<String, IndicatorDefinition> indicators, Map<String, AreaDefinition> areas,
      Map<String, UnitDefinition> units) {
    this.indicators = new TreeMap<>(indicators);
    this.areas = Map.copyOf(areas);
    this.units = Map.copyOf(units);
  }

  /**
   * Reads the reference topics to their end.
   *
   * @throws IllegalStateException if no indicator is published (run {@code ./qyx catalog publish})
   */
  public static PublishedCatalog read(KafkaAccess kafka, String registryUrl) {
    var topics = new Topics(new RegistryAvroSerdes(registryUrl));
    try (var consumer = reader(kafka)) {
      var catalog = new PublishedCatalog(
          readAll(consumer, topics.indicators()),
          readAll(consumer, topics.areas()),
          readAll(consumer, topics.units()));
      if (catalog.indicators.isEmpty()) {
        throw new IllegalStateException("No catalog is published on " + Topics.REF_INDICATORS + ": run ./qyx catalog publish");
      }
      return catalog;
    }
  }

  /** The indicators topic's records by key (empty before the first publish). */
  public static Map<String, IndicatorDefinition> readIndicatorRecords(KafkaAccess kafka, String registryUrl) {
    var topics = new Topics(new RegistryAvroSerdes(registryUrl));
    try (var consumer = reader(kafka)) {
      return readAll(consumer, topics.indicators());
    }
  }

  /** A consumer that reads topics to their end without a group: only what was committed. */
  private static KafkaConsumer<byte[], byte[]> reader(KafkaAccess kafka) {
    Map<String, Object> config = kafka.clientConfig(Map.of(
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Every value of a compacted topic, the last per key; a tombstone removes its key. */
  private static <V> Map<String, V> readAll(KafkaConsumer<byte[], byte[]> consumer, Topic<String, V> topic) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), READ_TIMEOUT).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
    Map<String, V> values = new HashMap<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (!caughtUp(consumer, ends)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Could not read " + topic.name() + " to its end within " + READ_TIMEOUT.toSeconds() + " s");
      }
      for (var record : consumer.poll(Duration.ofMillis(200))) {
        String k = topic.keySerde().deserializer().deserialize(record.topic(), record.key());
        V v = record.value() == null ? null : topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (v == null) {
          values.remove(k);
        } else {
          values.put(k, v);
        }
      }
    }
    return values;
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    Set<TopicPartition> partitions = ends.keySet();
    return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
  }

  @Override
  public Optional<IndicatorDefinition> indicator(String id, int planYear, LocalDate asOf) {
    return PlanYears.lookUp(indicators::get, (from, to) -> List.copyOf(indicators.subMap(from, true, to, true).values()), id, planYear, asOf);
  }

  @Override
  public SortedSet<Integer> planYears(String id) {
    String[] keys = PlanKeys.indicatorRange(id);
    var years = new TreeSet<Integer>();
    indicators.subMap(keys[0], true, keys[1], true).forEach((key, edition) -> years.add(PlanYears.of(edition)));
    return years;
  }

  @Override
  public Optional<AreaDefinition> area(String code) {
    return Optional.ofNullable(areas.get(code));
  }

  @Override
  public Optional<UnitDefinition> unit(String code) {
    return Optional.ofNullable(units.get(code));
  }
}
