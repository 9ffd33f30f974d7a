package cn.gov.yuhuan.qyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;

class StateStoreSizesTest {
  @Test
  void shouldFindTheStoresOfTheProcessorsAndTheGlobalStores() {
    var builder = new StreamsBuilder();
    builder.table("in", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("latest"));
    builder.globalTable("ref", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("ref-store"));

    assertThat(StateStoreSizes.stores(builder.build())).containsExactly("latest", "ref-store");
  }

  @Test
  void shouldAddUpAStoresMetricOverItsTasksAndNothingOfAnotherStoreOrMetric() {
    Map<MetricName, Metric> metrics = new HashMap<>();
    put(metrics, "estimate-num-keys", "area-states", "0_0", 120);
    put(metrics, "estimate-num-keys", "area-states", "0_1", 80);
    put(metrics, "estimate-num-keys", "indicator-states", "1_0", 7);
    put(metrics, "total-sst-files-size", "area-states", "0_0", 4096);

    assertThat(StateStoreSizes.sum(metrics, "area-states", "estimate-num-keys")).isEqualTo(200);
    assertThat(StateStoreSizes.sum(metrics, "area-states", "total-sst-files-size")).isEqualTo(4096);
    assertThat(StateStoreSizes.sum(metrics, "unit-progress", "estimate-num-keys")).isZero();
  }

  /** A metric as Kafka Streams' RocksDB recorder names it. */
  private static void put(Map<MetricName, Metric> metrics, String name, String store, String task, long value) {
    var metricName = new MetricName(name, "stream-state-metrics", "", Map.of("rocksdb-state-id", store, "task-id", task, "thread-id", "t"));
    metrics.put(metricName, new KafkaMetric(new Object(), metricName, (Measurable) (config, now) -> value, new MetricConfig(), Time.SYSTEM));
  }
}
