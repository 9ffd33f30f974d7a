package cn.gov.yuhuan.qyx.schemas;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro serdes backed by the schema registry (Apicurio), writing the Confluent wire format: magic
 * byte, 4-byte schema id, Avro body.
 *
 * <p>Only the pipeline's own apps and the operator's tools register schemas ({@link #registering}, under
 * the subject {@code <topic>-value}); {@code ./qyx up} registers the report's ({@code
 * SchemaRegistration}). Every other client, a unit's system above all, uses a schema only if the
 * registry already has it (found by its content) and registers none, so a unit's client never puts a
 * schema of its own into the contract (the local registry itself asks for no login: docs/operators.md). (Apicurio 3.1's lookup by content does not find a schema that refers to
 * other named types, as the catalog's refer to their enums; the report's refers to none.)
 */
public final class RegistryAvroSerdes implements AvroSerdes {
  private final Map<String, Object> config;

  /**
   * Serdes that use only schemas the registry has.
   *
   * @param registryUrl the registry's core v3 API, e.g. {@code http://127.0.0.1:18081/apis/registry/v3}
   */
  public RegistryAvroSerdes(String registryUrl) {
    this(registryUrl, false);
  }

  /** Serdes that register a schema the registry does not have yet: for the pipeline's own apps and {@code ./qyx up}. */
  public static RegistryAvroSerdes registering(String registryUrl) {
    return new RegistryAvroSerdes(registryUrl, true);
  }

  private RegistryAvroSerdes(String registryUrl, boolean register) {
    this.config =
        Map.of(
            "apicurio.registry.url", registryUrl,
            "apicurio.registry.auto-register", register,
            // Generated classes keep decimals as BigDecimal; the generic reader would not.
            "apicurio.registry.use-specific-avro-reader", true,
            "apicurio.registry.avro-datum-provider", SpecificDatumProvider.class.getName(),
            // java.net.http, each serde its own client. The default Vert.x adapter shares one Vert.x
            // instance among every client of the JVM and waits for an answer without a timeout: in
            // ./qyx test a registration of PipelineIT (the JVM's tenth stack) hung on it for 14 minutes
            // (CI run of 2026-11-30, jstack: VertXRequestAdapter.getHttpResponseMessage).
            "apicurio.registry.http.adapter", "JDK");
  }

  @Override
  public <T extends SpecificRecord> Serde<T> forValues(Class<T> type) {
    AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
    AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
    serializer.configure(config, false);
    deserializer.configure(config, false);
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
