package cn.gov.yuhuan.qyx.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class NotifierTest {
  private static final Map<String, String> ENDPOINTS = Map.of(
      PipelineConfig.BOOTSTRAP_SERVERS, "127.0.0.1:19092",
      PipelineConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:18081/apis/registry/v3",
      PipelineConfig.CLICKHOUSE_URL, "http://127.0.0.1:18123");

  @Test
  void shouldRefuseToStartWithoutAWebhookUrlSayingWhichKeyToSet() {
    assertThatThrownBy(() -> new Notifier(new PipelineConfig(ENDPOINTS)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("set notify.webhook.url in a config file");
    assertThatThrownBy(() -> Notifier.webhookUrl(config(PipelineConfig.NOTIFY_WEBHOOK_URL, "ftp://example.org/x")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not an http(s) URL").hasMessageNotContaining("example.org");
  }

  @Test
  void shouldRefuseALongestRetryDelayBelowTheFirstNamingBothKeys() {
    var settings = new HashMap<String, String>(ENDPOINTS);
    settings.put(PipelineConfig.NOTIFY_WEBHOOK_URL, "http://127.0.0.1:1/hook");
    settings.put(PipelineConfig.NOTIFY_RETRY_INITIAL_MS, "5000");
    settings.put(PipelineConfig.NOTIFY_RETRY_MAX_MS, "1000");

    assertThatThrownBy(() -> new Notifier(new PipelineConfig(settings)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notify.retry.max.ms=1000 is below notify.retry.initial.ms=5000");
  }

  @Test
  void shouldLogAWebhookUrlWithoutItsAccessToken() {
    assertThat(Notifier.withoutQuery(URI.create("https://oapi.dingtalk.com/robot/send?access_token=abc")))
        .isEqualTo("https://oapi.dingtalk.com/robot/send");
  }

  private static PipelineConfig config(String key, String value) {
    var settings = new HashMap<String, String>(ENDPOINTS);
    settings.put(key, value);
    return new PipelineConfig(settings);
  }
}
