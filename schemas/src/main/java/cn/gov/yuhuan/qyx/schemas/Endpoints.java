package cn.gov.yuhuan.qyx.schemas;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The settings every Kafka client of the pipeline needs, declared once and added to each program's
 * {@link ConfigDef}: where the brokers and the registry are (no defaults: {@code infra/stack.sh}
 * writes them to {@code stack.properties} from the ports it starts the services on), and who the
 * client is there (the standard Kafka client keys, so a unit's credentials file works with Kafka's
 * own tools too; {@link KafkaAccess} turns them into client settings).
 */
public final class Endpoints {
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String SECURITY_PROTOCOL = CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;
  public static final String SASL_MECHANISM = SaslConfigs.SASL_MECHANISM;
  public static final String SASL_JAAS_CONFIG = SaslConfigs.SASL_JAAS_CONFIG;

  private Endpoints() {}

  /** The endpoint settings of {@code files}, read in order (a later file's settings win), UTF-8. */
  public static AbstractConfig read(List<Path> files) {
    var settings = new Properties();
    for (Path file : files) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        settings.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file + ": is the stack up (./qyx up)?", e);
      }
    }
    return new AbstractConfig(define(new ConfigDef()), settings, false);
  }

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
            Importance.HIGH, "Apicurio Registry core v3 API, e.g. http://127.0.0.1:18081/apis/registry/v3.")
        .define(SECURITY_PROTOCOL, Type.STRING, "PLAINTEXT",
            ConfigDef.ValidString.in("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL"), Importance.HIGH,
            "How the brokers are reached: SASL_PLAINTEXT on the local stack (SCRAM logins, on loopback), SASL_SSL across machines.")
        .define(SASL_MECHANISM, Type.STRING, "SCRAM-SHA-512", Importance.MEDIUM, "The SASL mechanism of the login.")
        .define(SASL_JAAS_CONFIG, Type.PASSWORD, null, Importance.HIGH,
            "The login: ScramLoginModule with this principal's username and password (./qyx up writes one file per principal).");
  }
}
