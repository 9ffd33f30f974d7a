package cn.gov.yuhuan.qyx.streams;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntakeTopologyTest {
  private TopologyTestDriver driver;

  @BeforeEach
  void start() {
    var props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, Intake.APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(IntakeTopology.build(), props);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldCopyAUnitsRecordIntoTheEventLogWithItsTopicsUnitAsTheOnlyHeader() {
    var health = driver.createInputTopic(Topics.unitReportsTopic("health"), new StringSerializer(), new StringSerializer());
    var education = driver.createInputTopic(Topics.unitReportsTopic("education"), new StringSerializer(), new StringSerializer());
    var eventLog = driver.createOutputTopic(Topics.PROGRESS_REPORTS, new StringDeserializer(), new StringDeserializer());
    Instant sent = Instant.parse("2024-07-05T02:00:00Z");
    // A unit passing its report off as another's, and as a clock tick: both headers go.
    var forged = new RecordHeaders()
        .add(Intake.SENDER_HEADER, "education".getBytes(StandardCharsets.UTF_8))
        .add(ClockTicks.AS_OF_HEADER, "2030-01-01".getBytes(StandardCharsets.UTF_8));
    health.pipeInput(new TestRecord<>("health.aed_installed|KANMEN|2024-05", "report bytes", forged, sent));
    education.pipeInput("education.k|CITY|2024", "other bytes", sent);

    TestRecord<String, String> first = eventLog.readRecord();
    assertThat(first.key()).isEqualTo("health.aed_installed|KANMEN|2024-05");
    assertThat(first.value()).isEqualTo("report bytes");
    assertThat(first.getRecordTime()).isEqualTo(sent);
    assertThat(first.headers().toArray()).extracting(Header::key).containsExactly(Intake.SENDER_HEADER);
    assertThat(Intake.sender(first.headers())).hasValue("health");
    assertThat(Intake.sender(eventLog.readRecord().headers())).hasValue("education");
    assertThat(eventLog.isEmpty()).isTrue();
  }
}
