package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry that {@code infra/stack.sh up} starts enforces BACKWARD_TRANSITIVE on every subject,
 * the rule ReleasedSchemasTest checks in the repo: a schema that could not read what earlier
 * versions wrote is refused, whoever registers it.
 */
class SchemaRulesIT {
  private static final String SCHEMA_REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
  private static final Schema STRING = Schema.create(Schema.Type.STRING);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalStack stack;
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start("SchemaRulesIT");
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldEnforceBackwardTransitiveOnEverySubject() throws Exception {
    HttpResponse<String> rule = get(stack.registryUrl() + "/admin/rules/COMPATIBILITY");
    assertThat(rule.statusCode()).as(rule.body()).isEqualTo(200);
    assertThat(JSON.readTree(rule.body()).path("config").asText()).isEqualTo("BACKWARD_TRANSITIVE");
    // The same global rule, seen through the Confluent-compatible API that other clients use.
    HttpResponse<String> config = get(ccompat() + "/config");
    assertThat(JSON.readTree(config.body()).path("compatibilityLevel").asText()).as(config.body())
        .isEqualTo("BACKWARD_TRANSITIVE");
  }

  @Test
  void shouldRefuseANewRequiredFieldInProgressReportsAndAcceptANewOptionalOne() throws Exception {
    String subject = Topics.PROGRESS_REPORTS + "-value";
    // Registered the way every producer registers it: by the real serde, on first use.
    serialize(Topics.PROGRESS_REPORTS);
    assertThat(versions(subject)).containsExactly(1);
    Schema current = ProgressReport.getClassSchema();

    // Data already written has no value for a field without a default: refused.
    HttpResponse<String> required = register(subject, withField(current, new Schema.Field("source_system", STRING)));
    assertThat(required.statusCode()).as(required.body()).isEqualTo(409);
    assertThat(required.body()).contains("source_system");
    assertThat(versions(subject)).containsExactly(1);

    // With a default, a reader fills it in for data written before: accepted as version 2.
    Schema optional = withField(current, new Schema.Field("source_system",
        Schema.createUnion(Schema.create(Schema.Type.NULL), STRING), "The sending system, if it says.",
        Schema.Field.NULL_DEFAULT_VALUE));
    HttpResponse<String> accepted = register(subject, optional);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(versions(subject)).containsExactly(1, 2);
  }

  @Test
  void shouldCheckANewVersionAgainstEveryEarlierOneNotOnlyTheLatest() throws Exception {
    // A subject of its own, so this history does not depend on the other test's.
    String topic = "qyx.schema-rules-it.v1";
    String subject = topic + "-value";
    serialize(topic);
    Schema v1 = ProgressReport.getClassSchema();
    Schema v2 = withField(v1, new Schema.Field("channel", STRING, "How it was sent.", ""));
    Schema v3 = withField(v1, new Schema.Field("channel", STRING, "How it was sent."));
    // v3 drops v2's default: it reads v2's data (which has the field) but not v1's (which lacks it).
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v3, v2).getType())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v3, v1).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);

    HttpResponse<String> second = register(subject, v2);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    // Plain BACKWARD compares with v2 only and would take it; BACKWARD_TRANSITIVE also asks v1.
    HttpResponse<String> third = register(subject, v3);
    assertThat(third.statusCode()).as(third.body()).isEqualTo(409);
    assertThat(versions(subject)).containsExactly(1, 2);
  }

  // ---- helpers --------------------------------------------------------------------------------------

  /** Serializes a report for TOPIC through the production serde, which registers its schema. */
  private static void serialize(String topic) {
    Serializer<ProgressReport> serializer =
        new Topics(RegistryAvroSerdes.registering(stack.registryUrl())).progressReports().valueSerde().serializer();
    ProgressReport report = ProgressReport.newBuilder()
        .setEventId("schema-rules/KANMEN/2024-05").setIndicatorId("health.aed_installed")
        .setAreaCode("KANMEN").setPeriod("2024-05").setReportingUnit("市卫生健康局")
        .setValue(new BigDecimal("4.0000")).setReportedAt(Instant.parse("2024-06-03T08:00:00Z"))
        .build();
    assertThat(serializer.serialize(topic, report)).isNotEmpty();
    serializer.close();
  }

  /** SCHEMA with FIELD appended, under the same full name. */
  private static Schema withField(Schema schema, Schema.Field field) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      fields.add(new Schema.Field(f, f.schema())); // a field belongs to one record: copy it
    }
    fields.add(field);
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  private static HttpResponse<String> register(String subject, Schema schema) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
    return http.send(HttpRequest.newBuilder(URI.create(ccompat() + "/subjects/" + subject + "/versions"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", SCHEMA_REGISTRY_JSON)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<Integer> versions(String subject) throws IOException, InterruptedException {
    HttpResponse<String> response = get(ccompat() + "/subjects/" + subject + "/versions");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return List.of(JSON.readValue(response.body(), Integer[].class));
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The Confluent-compatible API of the same registry. */
  private static String ccompat() {
    return stack.registryUrl().replace("/apis/registry/v3", "/apis/ccompat/v7");
  }
}
