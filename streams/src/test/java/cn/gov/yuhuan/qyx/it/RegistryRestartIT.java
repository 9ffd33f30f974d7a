package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records in Kafka carry the registry's schema ids, and {@code stack.sh down} keeps Kafka's data: so
 * the registry must keep its schemas and ids across {@code down} and {@code up} too, or the event log
 * written before could no longer be read (or would be read with another schema).
 */
class RegistryRestartIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static LocalStack stack;

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start("RegistryRestartIT");
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldReadRecordsWrittenBeforeARestartAndNeverReuseTheirSchemaId() throws Exception {
    ProgressReport report = ProgressReport.newBuilder()
        .setEventId("registry-restart/KANMEN/2024-05").setIndicatorId("health.aed_installed")
        .setAreaCode("KANMEN").setPeriod("2024-05").setReportingUnit("市卫生健康局")
        .setValue(new BigDecimal("4.0000")).setReportedAt(Instant.parse("2024-06-03T08:00:00Z"))
        .build();
    byte[] written;
    try (Serde<ProgressReport> serde = progressReportSerde()) {
      written = serde.serializer().serialize(Topics.PROGRESS_REPORTS, report);
    }
    int id = schemaId(written);

    stack.restart();

    // A new serde: nothing cached from before, the schema can only come from the registry.
    try (Serde<ProgressReport> serde = progressReportSerde()) {
      assertThat(serde.deserializer().deserialize(Topics.PROGRESS_REPORTS, written)).isEqualTo(report);
      // The same schema is found again under its old id rather than registered anew.
      assertThat(serde.serializer().serialize(Topics.PROGRESS_REPORTS, report)).isEqualTo(written);
    }
    // A schema registered after the restart gets an id of its own.
    String other = "{\"type\":\"record\",\"name\":\"RegistryRestartProbe\",\"namespace\":\"cn.gov.yuhuan.qyx.it\","
        + "\"fields\":[{\"name\":\"at\",\"type\":\"long\"}]}";
    HttpResponse<String> registered = http.send(
        HttpRequest.newBuilder(URI.create(ccompat() + "/subjects/qyx.registry-restart-it.v1-value/versions"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("schema", other))))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    assertThat(JSON.readTree(registered.body()).path("id").asInt()).isGreaterThan(id);
  }

  private static Serde<ProgressReport> progressReportSerde() {
    return new Topics(new RegistryAvroSerdes(stack.registryUrl())).progressReports().valueSerde();
  }

  /** The schema id of a record in the Confluent wire format: magic byte 0, then 4 bytes big-endian. */
  private static int schemaId(byte[] record) {
    assertThat(record[0]).isZero();
    return ByteBuffer.wrap(record, 1, 4).getInt();
  }

  /** The Confluent-compatible API of the same registry. */
  private static String ccompat() {
    return stack.registryUrl().replace("/apis/registry/v3", "/apis/ccompat/v7");
  }
}
