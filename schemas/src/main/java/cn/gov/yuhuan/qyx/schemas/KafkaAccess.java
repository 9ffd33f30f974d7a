package cn.gov.yuhuan.qyx.schemas;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * How a client reaches Kafka and who it is there: the brokers, and on a secured cluster the
 * protocol and the SASL login. Every producer, consumer, admin client and streams app of the
 * project takes its settings from here, so one credentials file (the standard Kafka client keys,
 * {@link Endpoints}) decides for all of them.
 */
public final class KafkaAccess {
  private static final Pattern USERNAME = Pattern.compile("username=\"([^\"]*)\"");

  private final String bootstrapServers;
  private final SecurityProtocol protocol;
  private final String saslMechanism;
  private final Password saslJaasConfig;
  /** The client's TLS settings ({@code ssl.*}, for SASL_SSL or SSL), passed on as they are. */
  private final Map<String, Object> tls;

  private KafkaAccess(String bootstrapServers, SecurityProtocol protocol, String saslMechanism, Password saslJaasConfig,
      Map<String, Object> tls) {
    this.bootstrapServers = bootstrapServers;
    this.protocol = protocol;
    this.saslMechanism = saslMechanism;
    this.saslJaasConfig = saslJaasConfig;
    this.tls = Map.copyOf(tls);
  }

  /** Brokers that ask for no login (a test's own broker). */
  public static KafkaAccess plaintext(String bootstrapServers) {
    return new KafkaAccess(bootstrapServers, SecurityProtocol.PLAINTEXT, null, null, Map.of());
  }

  /** Read from a config defined with {@link Endpoints#define}. */
  public static KafkaAccess from(AbstractConfig config) {
    var protocol = SecurityProtocol.forName(config.getString(Endpoints.SECURITY_PROTOCOL));
    String brokers = String.join(",", config.getList(Endpoints.BOOTSTRAP_SERVERS));
    if (protocol == SecurityProtocol.PLAINTEXT || protocol == SecurityProtocol.SSL) {
      return new KafkaAccess(brokers, protocol, null, null, config.originalsWithPrefix("ssl.", false));
    }
    Password jaas = config.getPassword(Endpoints.SASL_JAAS_CONFIG);
    if (jaas == null || jaas.value().isBlank()) {
      throw new ConfigException(Endpoints.SASL_JAAS_CONFIG, "[hidden]",
          "the brokers ask for a login (" + protocol + "), and no " + Endpoints.SASL_JAAS_CONFIG
              + " says who this is: use the credentials file ./qyx up wrote (./qyx units credentials UNIT)");
    }
    return new KafkaAccess(brokers, protocol, config.getString(Endpoints.SASL_MECHANISM), jaas, config.originalsWithPrefix("ssl.", false));
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Who the brokers see: the SASL user name, or {@code ANONYMOUS} without a login. */
  public String principal() {
    if (saslJaasConfig == null) {
      return "ANONYMOUS";
    }
    Matcher user = USERNAME.matcher(saslJaasConfig.value());
    return user.find() ? user.group(1) : "?";
  }

  /** {@code settings} with the brokers and the login added: a new map, for any Kafka client. */
  public Map<String, Object> clientConfig(Map<String, ?> settings) {
    Map<String, Object> config = new HashMap<>(settings);
    config.putAll(tls);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name);
    if (saslJaasConfig != null) {
      config.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
      config.put(SaslConfigs.SASL_JAAS_CONFIG, saslJaasConfig.value());
    }
    return config;
  }

  /** The brokers and the login alone, e.g. for an admin client. */
  public Map<String, Object> clientConfig() {
    return clientConfig(Map.of());
  }

  @Override
  public String toString() {
    return bootstrapServers + " as " + principal() + " (" + protocol.name + ")";
  }
}
