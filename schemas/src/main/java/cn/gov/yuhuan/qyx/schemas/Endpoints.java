package cn.gov.yuhuan.qyx.schemas;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The two settings every Kafka client of the pipeline needs, declared once and added to each
 * program's {@link ConfigDef}. No defaults: {@code infra/stack.sh} writes the values to
 * {@code stack.properties} from the ports it starts the services on.
 */
public final class Endpoints {
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  private Endpoints() {}

  /** Adds the endpoint settings to {@code definition} and returns it. */
  public static ConfigDef define(ConfigDef definition) {
    return definition
        .define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
            (name, value) -> {
              if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "at least one host:port is needed");
              }
            },
            Importance.HIGH, "Kafka brokers, host:port[,host:port...].")
        .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
            Importance.HIGH, "Apicurio Registry core v3 API, e.g. http://127.0.0.1:18081/apis/registry/v3.");
  }
}
