package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.ops.access.AccessSetup;
import cn.gov.yuhuan.qyx.ops.access.Principals;
import cn.gov.yuhuan.qyx.producers.ReportSender;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.TopicSetup;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.state.TickBarrier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what on a stack's broker, as ./qyx up sets it up (AccessSetup, AccessPolicy): tried
 * against the real broker with each login, each refusal next to something the same login may do,
 * so a broker that refused everything would fail these tests too.
 */
class KafkaAccessIT {
  private static final String HEALTH = "health"; // 市卫生健康局's account in catalog/data/units.csv
  private static LocalStack stack;

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start("KafkaAccessIT");
    try (Admin admin = Admin.create(stack.kafka().clientConfig())) {
      TopicSetup.ensureTopics(admin, 3, (short) -1);
    }
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldRefuseALoginWithAWrongPassword() {
    KafkaAccess wrong = KafkaAccess.sasl(stack.kafka().bootstrapServers(), "SCRAM-SHA-512", "unit-" + HEALTH, "not-the-password");

    assertThatThrownBy(() -> send(wrong, Topics.PROGRESS_REPORTS)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    assertThat(send(stack.kafkaAsUnit(HEALTH), Topics.PROGRESS_REPORTS).topic()).isEqualTo(Topics.PROGRESS_REPORTS);
  }

  @Test
  void shouldNameTheUnitWhoseLoginTheBrokerRefused() throws Exception {
    Path wrong = stack.home().resolve("health-old-password.properties");
    Files.writeString(wrong, Files.readString(stack.credentials().unit(HEALTH), StandardCharsets.UTF_8)
        .replaceAll("password=\"[^\"]*\"", "password=\"an-old-one\""), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ReportSender.connect(wrong)).isInstanceOf(SaslAuthenticationException.class)
        .hasMessageStartingWith("Kafka refused the login of unit-health");
  }

  @Test
  void shouldLetAUnitWriteReportsAndNoOtherTopic() {
    KafkaAccess unit = stack.kafkaAsUnit(HEALTH);

    assertThat(send(unit, Topics.PROGRESS_REPORTS).topic()).isEqualTo(Topics.PROGRESS_REPORTS);
    for (String topic : List.of(Topics.CLOCK, Topics.REF_INDICATORS, Topics.REF_UNITS, Topics.SILENCES, Topics.ACCEPTED_REPORTS,
        Topics.INDICATOR_PROGRESS, Topics.DEAD_LETTERS, Topics.ALERTS, Topics.NOTICES_SENT)) {
      assertThatThrownBy(() -> send(unit, topic)).as(topic).hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void shouldLetOnlyTheOperatorMoveTheClock() throws Exception {
    assertThatThrownBy(() -> ClockTicks.send(stack.kafkaAsUnit(HEALTH), stack.registryUrl(), LocalDate.of(2024, 1, 2), "a unit"))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> ClockTicks.send(stack.kafkaAs(Principals.PIPELINE), stack.registryUrl(), LocalDate.of(2024, 1, 2), "the pipeline"))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);

    ClockTicks.send(stack.kafkaAs(Principals.OPERATOR), stack.registryUrl(), LocalDate.of(2024, 1, 2), "operator");
    assertThat(ClockTicks.latestAsOf(stack.kafkaAs(Principals.OPERATOR), stack.registryUrl())).contains(LocalDate.of(2024, 1, 2));
  }

  @Test
  void shouldLetAUnitReadTheCatalogButNoReportsNorResults() {
    KafkaAccess unit = stack.kafkaAsUnit(HEALTH);

    assertThat(readable(unit, Topics.REF_UNITS)).isTrue();
    for (String topic : List.of(Topics.PROGRESS_REPORTS, Topics.ACCEPTED_REPORTS, Topics.INDICATOR_PROGRESS, Topics.ALERTS)) {
      assertThatThrownBy(() -> readable(unit, topic)).as(topic).isInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void shouldLetTheMonitorDescribeTopicsButReadNoRecord() throws Exception {
    KafkaAccess monitor = stack.kafkaAs(Principals.MONITOR);
    try (Admin admin = Admin.create(monitor.clientConfig())) {
      assertThat(admin.listTopics().names().get()).contains(Topics.PROGRESS_REPORTS, Topics.INDICATOR_PROGRESS);
    }
    assertThatThrownBy(() -> readable(monitor, Topics.PROGRESS_REPORTS)).isInstanceOf(TopicAuthorizationException.class);
    // Refused before any topic: an idempotent producer needs the right to write somewhere, which the monitor has nowhere.
    assertThatThrownBy(() -> send(monitor, Topics.PROGRESS_REPORTS)).hasRootCauseInstanceOf(ClusterAuthorizationException.class);
  }

  @Test
  void shouldRefuseTheOldPasswordOnceAUnitsPasswordIsRotated() throws Exception {
    KafkaAccess before = stack.kafkaAsUnit("yucheng");
    send(before, Topics.PROGRESS_REPORTS);

    var unit = Catalog.load(Path.of("../catalog/data")).units().stream().filter(u -> u.getAccount().equals("yucheng")).findFirst().orElseThrow();
    new AccessSetup(stack.kafka(), stack.credentials(), stack.registryUrl()).rotate(unit);

    assertThatThrownBy(() -> send(before, Topics.PROGRESS_REPORTS)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    assertThat(send(stack.kafkaAsUnit("yucheng"), Topics.PROGRESS_REPORTS).topic()).isEqualTo(Topics.PROGRESS_REPORTS);
  }

  @Test
  void shouldLetClientsOtherThanThePipelineUseOnlySchemasTheRegistryHas() {
    // Registered at up (SchemaRegistration): a unit's report serializes.
    ProgressReport report = ProgressReport.newBuilder().setEventId("e").setIndicatorId("health.aed_installed").setAreaCode("KANMEN")
        .setPeriod("2024-05").setReportingUnit("市卫生健康局").setReportedAt(Instant.EPOCH).build();
    assertThat(new Topics(new RegistryAvroSerdes(stack.registryUrl())).progressReports().valueSerde().serializer()
        .serialize(Topics.PROGRESS_REPORTS, report)).isNotEmpty();

    // A schema no one registered (no streams app ran on this stack): refused, not registered.
    var barrier = new TickBarrier(Map.of(), null, List.of(), 0L);
    assertThatThrownBy(() -> new RegistryAvroSerdes(stack.registryUrl()).forValues(TickBarrier.class).serializer()
        .serialize("qyx.access-it.v1", barrier)).hasMessageContaining("Could not resolve artifact reference by content");
    assertThat(RegistryAvroSerdes.registering(stack.registryUrl()).forValues(TickBarrier.class).serializer()
        .serialize("qyx.access-it.v1", barrier)).as("the pipeline's own serdes register it").isNotEmpty();
  }

  @Test
  void shouldKeepEveryLoginFileOwnerOnly() throws Exception {
    List<Path> files = List.of(stack.credentials().unit(HEALTH), stack.credentials().service(Principals.PIPELINE),
        stack.credentials().service(Principals.OPERATOR), stack.home().resolve("secrets/" + Principals.ADMIN + ".properties"),
        stack.home().resolve("stack.properties"));
    for (Path file : files) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
    }
    assertThat(Files.readString(stack.credentials().unit(HEALTH), StandardCharsets.UTF_8))
        .contains("bootstrap.servers=", "schema.registry.url=", "username=\"unit-health\"", "qyx.unit=市卫生健康局");
  }

  /** One record sent and acknowledged, as {@code login}. */
  private static RecordMetadata send(KafkaAccess login, String topic) {
    try (var producer = new KafkaProducer<>(login.clientConfig(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8))).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code login} can fetch from the first partition of {@code topic} (without a group); throws the broker's refusal. */
  private static boolean readable(KafkaAccess login, String topic) {
    try (var consumer = new KafkaConsumer<>(login.clientConfig(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      consumer.poll(Duration.ofSeconds(2));
      return true;
    }
  }
}
