package cn.gov.yuhuan.qyx.schemas;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro serdes backed by the schema registry (Apicurio), writing the Confluent wire format: magic
 * byte, 4-byte schema id, Avro body. Schemas are registered on first use under the subject
 * {@code <topic>-value}.
 */
public final class RegistryAvroSerdes implements AvroSerdes {
  private final Map<String, Object> config;

  /**
   * @param registryUrl the registry's core v3 API, e.g. {@code http://127.0.0.1:18081/apis/registry/v3}
   */
  public RegistryAvroSerdes(String registryUrl) {
    this.config =
        Map.of(
            "apicurio.registry.url", registryUrl,
            "apicurio.registry.auto-register", true,
            // Generated classes keep decimals as BigDecimal; the generic reader would not.
            "apicurio.registry.use-specific-avro-reader", true,
            "apicurio.registry.avro-datum-provider", SpecificDatumProvider.class.getName());
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
