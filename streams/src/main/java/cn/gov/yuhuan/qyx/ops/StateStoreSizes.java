package cn.gov.yuhuan.qyx.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * How big each state store is, over every task that holds a part of it, as gauges read from Kafka
 * Streams' own RocksDB metrics at each scrape: {@code qyx_state_store_keys{store}} (RocksDB's
 * estimate of its keys) and {@code qyx_state_store_bytes{store}} (its files on disk and its
 * memtables). Kafka Streams reports these per task and partition, and the Micrometer binder showed
 * only the global stores' (the stream threads' task metrics appear after it bound); an operator
 * asks how big a store is and whether it grows, not how big a partition of it is.
 */
public final class StateStoreSizes {
  private static final String STORE_TAG = "rocksdb-state-id";

  private StateStoreSizes() {}

  /** Registers the gauges of every store of {@code topology}, which {@code streams} runs. */
  public static void bind(KafkaStreams streams, Topology topology, Tags tags, MeterRegistry registry) {
    for (String store : stores(topology)) {
      Gauge.builder("qyx.state.store.keys", streams, s -> sum(s.metrics(), store, "estimate-num-keys"))
          .description("Keys in the state store (RocksDB's estimate), over every task").tags(tags).tag("store", store).register(registry);
      Gauge.builder("qyx.state.store", streams, s -> sum(s.metrics(), store, "total-sst-files-size") + sum(s.metrics(), store, "size-all-mem-tables"))
          .description("Bytes of the state store: its files on disk and its memtables, over every task").baseUnit("bytes")
          .tags(tags).tag("store", store).register(registry);
    }
  }

  /** The names of the stores of {@code topology}: its processors' and its global stores. */
  static Set<String> stores(Topology topology) {
    Set<String> stores = new TreeSet<>();
    TopologyDescription description = topology.describe();
    description.subtopologies().forEach(subtopology -> subtopology.nodes().forEach(node -> {
      if (node instanceof TopologyDescription.Processor processor) {
        stores.addAll(processor.stores());
      }
    }));
    description.globalStores().forEach(global -> stores.addAll(global.processor().stores()));
    return stores;
  }

  /** The sum of the metric {@code name} over every task's part of {@code store}. */
  static double sum(Map<MetricName, ? extends Metric> metrics, String store, String name) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
      if (metric.getKey().name().equals(name) && store.equals(metric.getKey().tags().get(STORE_TAG))
          && metric.getValue().metricValue() instanceof Number value) {
        total += value.doubleValue();
      }
    }
    return total;
  }
}
