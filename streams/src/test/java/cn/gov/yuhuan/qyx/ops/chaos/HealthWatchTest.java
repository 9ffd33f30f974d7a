package cn.gov.yuhuan.qyx.ops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HealthWatchTest {
  @Test
  void shouldReadTheStatusOfAHealthAnswerAndKeepAnAnswerWithoutOne() {
    assertThat(HealthWatch.statusOf("{\"status\":\"RETRYING\",\"failures_in_row\":3}")).isEqualTo("RETRYING");
    assertThat(HealthWatch.statusOf("{\"app\":\"sink\",\"status\":\"UP\"}")).isEqualTo("UP");
    assertThat(HealthWatch.statusOf("no answer (ConnectException)")).isEqualTo("no answer (ConnectException)");
  }

  @Test
  void shouldDescribeWhatEachAppSaidInOneLine() {
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    seen.put("sink", new TreeSet<>(Set.of("RETRYING")));
    seen.put("streams-2", new TreeSet<>(Set.of("REBALANCING", "no answer (ConnectException)")));

    assertThat(HealthWatch.describe(seen)).isEqualTo("sink RETRYING, streams-2 REBALANCING/no answer (ConnectException)");
  }
}
