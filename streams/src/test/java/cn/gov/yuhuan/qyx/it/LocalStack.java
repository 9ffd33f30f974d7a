package cn.gov.yuhuan.qyx.it;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.ops.SchemaRegistration;
import cn.gov.yuhuan.qyx.ops.access.AccessSetup;
import cn.gov.yuhuan.qyx.ops.access.CredentialFiles;
import cn.gov.yuhuan.qyx.ops.access.Principals;
import cn.gov.yuhuan.qyx.schemas.Endpoints;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway stack of the real services (Kafka, Apicurio Registry, ClickHouse) on free ports,
 * started and stopped by the same {@code infra/stack.sh} that {@code ./qyx up} uses. Its data and
 * logs stay under {@code target/it-stacks/} for a look after a failure.
 */
public final class LocalStack implements AutoCloseable {
  private static final Path REPO_ROOT = Path.of(System.getProperty("qyx.repo.root", "..")).toAbsolutePath().normalize();
  private static final long UP_TIMEOUT_MINUTES = 5;

  private final Path home;
  private final Map<String, String> env = new HashMap<>();
  private final Properties endpoints = new Properties();

  private LocalStack(String name) throws IOException {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
    this.home = REPO_ROOT.resolve("streams/target/it-stacks/" + name + "-" + stamp);
    env.put("QYX_HOME", home.toString());
    // Distinct: the OS may hand the same free port out twice once the probing socket is closed (CI
    // once gave Kafka and ClickHouse's TCP port the same one, and ClickHouse could not bind it).
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    for (String port : List.of("QYX_KAFKA_PORT", "QYX_KAFKA_CONTROLLER_PORT", "QYX_REGISTRY_PORT",
        "QYX_REGISTRY_MANAGEMENT_PORT", "QYX_CLICKHOUSE_HTTP_PORT", "QYX_CLICKHOUSE_TCP_PORT",
        "QYX_CLICKHOUSE_INTERSERVER_PORT", "QYX_ZOOKEEPER_PORT")) {
      // ClickHouse's ports +10 are the second replica's in the cluster layout: kept clear too.
      boolean clickhouse = port.startsWith("QYX_CLICKHOUSE");
      int free = freePort();
      while (taken.contains(free) || clickhouse && taken.contains(free + 10)) {
        free = freePort();
      }
      taken.add(free);
      if (clickhouse) {
        taken.add(free + 10);
      }
      env.put(port, String.valueOf(free));
    }
  }

  /** Starts the three services; fails with {@code stack.sh}'s output if one does not come up. */
  public static LocalStack start(String name) throws IOException, InterruptedException {
    var stack = new LocalStack(name);
    try {
      stack.stackCommand("up");
    } catch (IOException | RuntimeException e) {
      stack.stackCommand("down"); // whatever did come up must not outlive the test
      throw e;
    }
    // Whatever fails from here on (an Error too: a class missing from the test's classpath), the
    // services that came up must not outlive the test.
    boolean ready = false;
    try {
      try (Reader in = Files.newBufferedReader(stack.home.resolve("stack.properties"))) {
        stack.endpoints.load(in);
      }
      // What ./qyx up does next: a login for the pipeline, the operator, the monitor and every unit,
      // and their ACLs; the schemas of what units and the operator write.
      Catalog catalog = Catalog.load(REPO_ROOT.resolve("catalog/data"));
      new AccessSetup(stack.kafka(), stack.credentials(), stack.registryUrl()).apply(PipelineConfig.DEFAULT_APPLICATION_ID, catalog.units(), (short) 1);
      SchemaRegistration.register(stack.registryUrl(), catalog);
      ready = true;
    } catch (ExecutionException e) {
      throw new IllegalStateException("setting up the Kafka logins failed", e);
    } finally {
      if (!ready) {
        stack.stackCommand("down");
      }
    }
    return stack;
  }

  /**
   * Only the replicated ClickHouse of the cluster layout ({@code QYX_CLUSTER=1}: zookeeper, clickhouse,
   * clickhouse-2), without Kafka and the registry: up in seconds rather than a minute.
   */
  public static LocalStack startClickHouseCluster(String name) throws IOException, InterruptedException {
    var stack = new LocalStack(name);
    stack.env.put("QYX_CLUSTER", "1");
    try {
      stack.stackCommand("up", "zookeeper", "clickhouse", "clickhouse-2");
    } catch (IOException | RuntimeException e) {
      stack.stackCommand("down");
      throw e;
    }
    return stack;
  }

  /** ClickHouse server {@code node} (1 or 2: ports 10 apart) of {@link #startClickHouseCluster}, as the sink's user. */
  public ClickHouseQuery clickhouseNode(int node) throws IOException {
    return new ClickHouseQuery(clickhouseNodeUrl(node), "qyx_sink", clickhouseSinkPassword());
  }

  public String clickhouseNodeUrl(int node) {
    return "http://127.0.0.1:" + (Integer.parseInt(env.get("QYX_CLICKHOUSE_HTTP_PORT")) + 10 * (node - 1));
  }

  /** The sink user's password, from the owner-only file stack.sh generated it into. */
  public String clickhouseSinkPassword() throws IOException {
    var secrets = new Properties();
    try (Reader in = Files.newBufferedReader(home.resolve("secrets/clickhouse.env"))) {
      secrets.load(in);
    }
    return secrets.getProperty("QYX_CH_SINK_PASSWORD");
  }

  /**
   * The settings of the pipeline's apps on this stack: {@code stack.properties} (the endpoints,
   * the sink's ClickHouse login) and the pipeline's Kafka login, as ./qyx up starts them with.
   */
  public Map<String, String> pipelineSettings() {
    Map<String, String> map = new HashMap<>();
    endpoints.forEach((k, v) -> map.put((String) k, (String) v));
    CredentialFiles.read(credentials().service(Principals.PIPELINE)).forEach((k, v) -> map.put((String) k, (String) v));
    return map;
  }

  /** The admin's Kafka login settings (security.protocol, sasl.*), to add to a config. */
  public Map<String, String> adminLogin() {
    Map<String, String> map = new HashMap<>();
    CredentialFiles.read(credentials().service(Principals.ADMIN)).forEach((k, v) -> map.put((String) k, (String) v));
    return map;
  }

  /** The stack's Kafka logins (files under its home). */
  public CredentialFiles credentials() {
    return new CredentialFiles(home);
  }

  /** The brokers, as {@value Principals#ADMIN}, who may do anything there (the tests' own setup and checks). */
  public KafkaAccess kafka() {
    return loginOf(credentials().service(Principals.ADMIN));
  }

  /** The brokers as one of {@link Principals#SERVICES}. */
  public KafkaAccess kafkaAs(String principal) {
    return loginOf(credentials().service(principal));
  }

  /** The brokers as the unit with {@code account}, from the client file ./qyx up gave it. */
  public KafkaAccess kafkaAsUnit(String account) {
    return loginOf(credentials().unit(account));
  }

  /** The brokers with the login of {@code file}, read after stack.properties as the commands do. */
  KafkaAccess loginOf(Path file) {
    return KafkaAccess.from(Endpoints.read(List.of(home.resolve("stack.properties"), file)));
  }

  /** The login arguments ./qyx passes to a producer command (qyx's producers()): as the units, or as the operator. */
  public List<String> producerLogin(String command) {
    String stackFile = home.resolve("stack.properties").toString();
    String operator = credentials().service(Principals.OPERATOR).toString();
    String units = credentials().unitsDir().toString();
    return switch (command) {
      case "report", "retract", "import" -> List.of("--config", stackFile, "--units-dir", units);
      case "simulate" -> List.of("--config", stackFile, "--config", operator, "--units-dir", units);
      default -> List.of("--config", stackFile, "--config", operator);
    };
  }

  public String registryUrl() {
    return endpoints.getProperty("schema.registry.url");
  }

  public String clickhouseUrl() {
    return endpoints.getProperty("clickhouse.url");
  }

  /** ClickHouse as the sink's user, which stack.properties names: what the sink and the operator tools use. */
  public ClickHouseQuery clickhouse() {
    return new ClickHouseQuery(clickhouseUrl(), endpoints.getProperty("clickhouse.user"), endpoints.getProperty("clickhouse.password"));
  }

  /** ClickHouse as the read-only analyst of analyst.properties. */
  public ClickHouseQuery analyst() throws IOException {
    var analyst = new Properties();
    try (Reader in = Files.newBufferedReader(home.resolve("analyst.properties"))) {
      analyst.load(in);
    }
    return new ClickHouseQuery(analyst.getProperty("clickhouse.url"), analyst.getProperty("clickhouse.user"),
        analyst.getProperty("clickhouse.password"));
  }

  public Path home() {
    return home;
  }

  /**
   * {@code stack.sh down} (without --purge) then {@code up} on the same home and ports, as a developer
   * does between two sessions: every service stops and starts again on the data it kept.
   */
  void restart() throws IOException, InterruptedException {
    stackCommand("down");
    stackCommand("up");
    try (Reader in = Files.newBufferedReader(home.resolve("stack.properties"))) {
      endpoints.clear();
      endpoints.load(in);
    }
  }

  /** Stops one service ({@code kafka}, {@code registry}, {@code clickhouse}), as an outage; {@link #startStopped} ends it. */
  void stop(String service) throws IOException, InterruptedException {
    stackCommand("stop", service);
  }

  /** Starts again what {@link #stop} stopped, on the same ports and data, and waits until it answers. */
  void startStopped() throws IOException, InterruptedException {
    stackCommand("up");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stackCommand("down");
  }

  private void stackCommand(String... command) throws IOException, InterruptedException {
    // Beside QYX_HOME, not in it: stack.sh wants a new or empty directory for a new stack.
    Files.createDirectories(home.getParent());
    Path output = home.resolveSibling(home.getFileName() + "-" + String.join("-", command) + ".out");
    List<String> commandLine = new java.util.ArrayList<>(List.of("bash", REPO_ROOT.resolve("infra/stack.sh").toString()));
    commandLine.addAll(List.of(command));
    var builder = new ProcessBuilder(commandLine)
        .directory(REPO_ROOT.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(UP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("infra/stack.sh " + String.join(" ", command) + " took over " + UP_TIMEOUT_MINUTES + " min:\n" + Files.readString(output));
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("infra/stack.sh " + String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + Files.readString(output));
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
