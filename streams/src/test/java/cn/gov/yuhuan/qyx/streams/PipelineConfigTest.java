package cn.gov.yuhuan.qyx.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {
  private static final Map<String, String> ENDPOINTS = Map.of(
      PipelineConfig.BOOTSTRAP_SERVERS, "127.0.0.1:19092",
      PipelineConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:18081/apis/registry/v3",
      PipelineConfig.CLICKHOUSE_URL, "http://127.0.0.1:18123");

  @Test
  void shouldPassOtherStreamsSettingsThrough() {
    var config = new PipelineConfig(with("streams.num.stream.threads", "2"));

    assertThat(config.streamsOverrides()).containsEntry("num.stream.threads", "2");
  }

  @Test
  void shouldRefuseAStreamsOverrideOfAKeyItOwnsNamingBoth() {
    assertThatThrownBy(() -> new PipelineConfig(with("streams.application.id", "other")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.application.id conflicts with application.id");
    assertThatThrownBy(() -> new PipelineConfig(with("streams.processing.guarantee", "at_least_once")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("exactly_once_v2");
  }

  @Test
  void shouldRefuseAnAtRiskGapAboveTheLaggingGapNamingBothKeys() {
    assertThatThrownBy(() -> new PipelineConfig(with(PipelineConfig.STATUS_AT_RISK_GAP, "20")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("status.at.risk.gap=20.0 is above status.lagging.gap=15.0");
  }

  @Test
  void shouldAskForAStateDirOnlyWhenTheStreamsAppRuns() {
    var config = new PipelineConfig(ENDPOINTS);

    assertThatThrownBy(config::requiredStateDir).isInstanceOf(ConfigException.class).hasMessageContaining("--set state.dir=DIR");
  }

  @Test
  void shouldDefaultToOneClickHouseServerAndRefuseAClusterNameThatIsNoIdentifier() {
    assertThat(new PipelineConfig(ENDPOINTS).getString(PipelineConfig.CLICKHOUSE_CLUSTER)).isEmpty();
    assertThat(new PipelineConfig(with(PipelineConfig.CLICKHOUSE_CLUSTER, "qyx")).getString(PipelineConfig.CLICKHOUSE_CLUSTER)).isEqualTo("qyx");

    assertThatThrownBy(() -> new PipelineConfig(with(PipelineConfig.CLICKHOUSE_CLUSTER, "qyx ON CLUSTER x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PipelineConfig.CLICKHOUSE_CLUSTER);
  }

  private static Map<String, String> with(String key, String value) {
    var settings = new java.util.HashMap<>(ENDPOINTS);
    settings.put(key, value);
    return settings;
  }
}
