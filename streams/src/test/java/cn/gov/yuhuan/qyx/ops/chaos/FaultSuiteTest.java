package cn.gov.yuhuan.qyx.ops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultSuiteTest {
  @Test
  void shouldSpreadTheKillsOfEachAppBetweenTheOutagesOfEachService() {
    var faults = FaultSuite.schedule(new FaultSuite.Settings(3, Duration.ofSeconds(300), Duration.ZERO, false), List.of(), List.of());

    assertThat(faults).extracting(f -> f.name()).containsExactly(
        "kill -9 streams", "kill -9 sink", "ClickHouse stopped for 300 s",
        "kill -9 streams", "kill -9 sink", "broker restarted",
        "kill -9 streams", "kill -9 sink", "registry restarted");
  }

  @Test
  void shouldStillStopEveryServiceWithFewerKills() {
    var faults = FaultSuite.schedule(new FaultSuite.Settings(1, Duration.ofSeconds(20), Duration.ZERO, false), List.of(), List.of());

    assertThat(faults).extracting(f -> f.name()).containsExactly(
        "kill -9 streams", "kill -9 sink", "ClickHouse stopped for 20 s", "broker restarted", "registry restarted");
  }

  @Test
  void shouldTakeTurnsBetweenTheInstancesOfEachAppAndKillABrokerOnACluster() {
    var faults = FaultSuite.schedule(new FaultSuite.Settings(3, Duration.ofSeconds(300), Duration.ZERO, true), List.of(), List.of());

    assertThat(faults).extracting(f -> f.name()).containsExactly(
        "kill -9 streams", "kill -9 sink", "ClickHouse stopped for 300 s",
        "kill -9 streams-2", "kill -9 sink-2", "kill -9 kafka-2, 30 s",
        "kill -9 streams", "kill -9 sink", "registry restarted");
    assertThat(faults.get(5)).as("the broker dies mid-stream, like the apps").isInstanceOf(FaultSuite.MidStream.class);
  }
}
