package cn.gov.yuhuan.qyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RebuildTest {
  @Test
  void shouldDeleteTheInternalTopicsOfTheTopologyAndOfItsEarlierVersions() {
    assertThat(Rebuild.internalTopics("qyx-streams")).containsExactlyInAnyOrder(
        // the topology's own: changelogs of its stores, then its repartition topics
        "qyx-streams-event-log-clock-changelog", "qyx-streams-area-states-changelog", "qyx-streams-indicator-states-changelog",
        "qyx-streams-tick-barrier-changelog", "qyx-streams-held-values-changelog", "qyx-streams-indicator-rows-changelog",
        "qyx-streams-domain-progress-changelog", "qyx-streams-unit-progress-changelog",
        "qyx-streams-lead-units-counted-changelog", "qyx-streams-lead-unit-rows-changelog",
        "qyx-streams-to-indicator-stage-repartition", "qyx-streams-by-domain-repartition", "qyx-streams-by-lead-unit-repartition",
        "qyx-streams-lead-unit-rows-repartition",
        // retired by issue 9
        "qyx-streams-data-values-changelog", "qyx-streams-area-progress-changelog", "qyx-streams-indicator-totals-changelog",
        "qyx-streams-indicator-progress-changelog", "qyx-streams-indicator-status-changelog",
        "qyx-streams-by-indicator-area-repartition", "qyx-streams-by-indicator-repartition",
        "qyx-streams-ticks-by-indicator-repartition", "qyx-streams-values-by-indicator-repartition");
  }
}
