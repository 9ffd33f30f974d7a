package cn.gov.yuhuan.qyx.streams;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.schemas.SchemalessAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Pins the names of stores and internal topics: renaming one would orphan its changelog or
 * repartition topic on upgrade and silently restart the totals from zero.
 */
class ProgressTopologyNamesTest {
  private final TopologyDescription description =
      ProgressTopology.buildTopology(new Topics(new SchemalessAvroSerdes())).describe();

  @Test
  void shouldKeepTheStoreNames() {
    Set<String> stores = new TreeSet<>();
    description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
      if (n instanceof TopologyDescription.Processor p) {
        stores.addAll(p.stores());
      }
    }));
    assertThat(stores).containsExactlyInAnyOrder("data-values", "area-progress", "indicator-progress");
  }

  @Test
  void shouldKeepTheRepartitionTopicNames() {
    Set<String> topics = new TreeSet<>();
    description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
      if (n instanceof TopologyDescription.Source source) {
        topics.addAll(source.topicSet());
      }
    }));
    assertThat(topics).containsExactlyInAnyOrder(Topics.PROGRESS_REPORTS,
        "by-data-value-repartition", "by-indicator-area-repartition", "by-indicator-repartition");
  }

  @Test
  void shouldNameEveryProcessor() {
    Set<String> generated = new TreeSet<>();
    description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
      if (n.name().startsWith("KSTREAM-") || n.name().startsWith("KTABLE-")) {
        generated.add(n.name());
      }
    }));
    assertThat(generated).as("processors left with generated names").isEmpty();
  }
}
