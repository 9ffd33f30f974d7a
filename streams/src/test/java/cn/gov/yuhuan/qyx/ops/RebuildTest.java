package cn.gov.yuhuan.qyx.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RebuildTest {
  @Test
  void shouldDeleteExactlyTheAppsOwnInternalTopicsNotThoseOfAnAppWithALongerId() {
    assertThat(Rebuild.internalTopics("qyx-streams")).containsExactlyInAnyOrder(
        "qyx-streams-data-values-changelog", "qyx-streams-area-states-changelog", "qyx-streams-area-progress-changelog",
        "qyx-streams-indicator-totals-changelog", "qyx-streams-indicator-progress-changelog",
        "qyx-streams-domain-progress-changelog", "qyx-streams-unit-progress-changelog",
        "qyx-streams-by-indicator-area-repartition", "qyx-streams-by-indicator-repartition",
        "qyx-streams-by-domain-repartition", "qyx-streams-by-lead-unit-repartition",
        "qyx-streams-indicator-status-changelog", "qyx-streams-ticks-by-indicator-repartition",
        "qyx-streams-values-by-indicator-repartition");
  }
}
