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
      ProgressTopology.buildTopology(new SchemalessAvroSerdes(), StatusSettings.defaults()).describe();

  @Test
  void shouldKeepTheStoreNames() {
    Set<String> stores = new TreeSet<>();
    description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
      if (n instanceof TopologyDescription.Processor p) {
        stores.addAll(p.stores());
      }
    }));
    assertThat(stores).containsExactlyInAnyOrder("event-log-clock", "area-states", "indicator-states", "tick-barrier",
        "held-values", "indicator-rows", "domain-progress", "unit-progress", "lead-units-counted", "lead-unit-rows");
  }

  @Test
  void shouldKeepTheRepartitionTopicNames() {
    Set<String> topics = new TreeSet<>();
    description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
      if (n instanceof TopologyDescription.Source source) {
        topics.addAll(source.topicSet());
      }
    }));
    assertThat(topics).as("the event log (ticks among its records), one repartition to the indicator stage, the indicators' rows "
        + "read back for the domain and lead-unit sums, their two repartitions, and the rows once per lead unit").containsExactlyInAnyOrder(
        Topics.PROGRESS_REPORTS, "to-indicator-stage-repartition", Topics.INDICATOR_PROGRESS,
        "by-domain-repartition", "by-lead-unit-repartition", "lead-unit-rows-repartition");
  }

  @Test
  void shouldReadTheCatalogAsGlobalTables() {
    assertThat(description.globalStores()).extracting(g -> g.source().topicSet().iterator().next())
        .containsExactlyInAnyOrder(Topics.REF_INDICATORS, Topics.REF_AREAS, Topics.REF_UNITS, Topics.SILENCES);
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
