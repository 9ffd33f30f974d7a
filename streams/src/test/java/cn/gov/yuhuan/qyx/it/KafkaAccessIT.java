package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.CatalogPublisher;
import cn.gov.yuhuan.qyx.catalog.UnitAccounts;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.ops.access.AccessSetup;
import cn.gov.yuhuan.qyx.ops.access.Principals;
import cn.gov.yuhuan.qyx.producers.ReportSender;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.TopicSetup;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.state.TickBarrier;
import cn.gov.yuhuan.qyx.streams.IntakeTopology;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import cn.gov.yuhuan.qyx.streams.StreamsApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
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
  private static final String OWN_TOPIC = Topics.unitReportsTopic(HEALTH);
  private static LocalStack stack;
  /** The streams app's intake, logged in as the pipeline: it copies the units' topics, and ticks wait for it. */
  private static KafkaStreams intake;

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start("KafkaAccessIT");
    try (Admin admin = Admin.create(stack.kafka().clientConfig())) {
      TopicSetup.ensureTopics(admin, 3, (short) -1);
    }
    CatalogPublisher.publish(Catalog.load(Path.of("../catalog/data")), stack.kafkaAs(Principals.OPERATOR), stack.registryUrl());
    intake = new KafkaStreams(IntakeTopology.build(), StreamsApp.intakeProperties(PipelineRun.config(stack, Map.of())));
    intake.start();
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (intake != null) {
      intake.close(Duration.ofSeconds(30));
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldRefuseALoginWithAWrongPassword() throws Exception {
    KafkaAccess wrong = stack.loginOf(withWrongPassword(stack.credentials().unit(HEALTH)));

    assertThatThrownBy(() -> send(wrong, OWN_TOPIC)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    assertThat(send(stack.kafkaAsUnit(HEALTH), OWN_TOPIC).topic()).isEqualTo(OWN_TOPIC);
  }

  @Test
  void shouldNameTheUnitWhoseLoginTheBrokerRefused() throws Exception {
    Path wrong = withWrongPassword(stack.credentials().unit(HEALTH));

    assertThatThrownBy(() -> ReportSender.connect(wrong)).isInstanceOf(SaslAuthenticationException.class)
        .hasMessageStartingWith("Kafka refused the login of " + UnitAccounts.principal(HEALTH));
  }

  @Test
  void shouldLetAUnitWriteItsOwnTopicOfReportsAndNoOtherTopic() {
    KafkaAccess unit = stack.kafkaAsUnit(HEALTH);

    assertThat(send(unit, OWN_TOPIC).topic()).isEqualTo(OWN_TOPIC);
    for (String topic : List.of(Topics.PROGRESS_REPORTS, Topics.unitReportsTopic("education"), Topics.CLOCK, Topics.REF_INDICATORS, Topics.REF_UNITS, Topics.SILENCES, Topics.ACCEPTED_REPORTS,
        Topics.INDICATOR_PROGRESS, Topics.DEAD_LETTERS, Topics.ALERTS, Topics.NOTICES_SENT)) {
      assertThatThrownBy(() -> send(unit, topic)).as(topic).hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }
    try (Admin admin = Admin.create(unit.clientConfig())) {
      assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("qyx.reports-of-my-own.v1", 1, (short) 1))).all().get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
      assertThatThrownBy(() -> admin.deleteTopics(List.of(Topics.PROGRESS_REPORTS)).all().get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
      assertThatThrownBy(() -> admin.deleteRecords(Map.of(new TopicPartition(Topics.PROGRESS_REPORTS, 0), RecordsToDelete.beforeOffset(1)))
          .all().get()).hasCauseInstanceOf(TopicAuthorizationException.class);
      assertThatThrownBy(() -> admin.listConsumerGroupOffsets("qyx-sink").partitionsToOffsetAndMetadata().get())
          .hasCauseInstanceOf(GroupAuthorizationException.class);
    }
  }

  @Test
  void shouldLetThePipelineNeitherWriteAUnitsReportsNorDeleteTheLedgerOfNoticesSent() throws Exception {
    KafkaAccess pipeline = stack.kafkaAs(Principals.PIPELINE);

    assertThat(send(pipeline, Topics.DEAD_LETTERS).topic()).isEqualTo(Topics.DEAD_LETTERS);
    assertThatThrownBy(() -> send(pipeline, OWN_TOPIC)).hasRootCauseInstanceOf(TopicAuthorizationException.class);
    try (Admin admin = Admin.create(pipeline.clientConfig())) {
      assertThatThrownBy(() -> admin.deleteTopics(List.of(Topics.NOTICES_SENT)).all().get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void shouldCopyAUnitsRecordsIntoTheEventLogMarkedWithTheUnitWhoseTopicTheyCameIn() throws Exception {
    send(stack.kafkaAsUnit("education"), Topics.unitReportsTopic("education"));

    try (Admin operator = Admin.create(stack.kafkaAs(Principals.OPERATOR).clientConfig())) {
      Intake.awaitCopied(operator); // as a tick waits: the operator sees how far the intake is
    }
    assertThat(records(stack.kafkaAs(Principals.PIPELINE), Topics.PROGRESS_REPORTS, r -> Intake.sender(r.headers()).equals(Optional.of("education"))))
        .as("copied, marked as education's").anySatisfy(r -> assertThat(Intake.sender(r.headers())).hasValue("education"));
  }

  // The clock topic is the operator's alone; units cannot write the event log, where ticks go too.
  @Test
  void shouldLetOnlyTheOperatorWriteTheClock() throws Exception {
    assertThatThrownBy(() -> send(stack.kafkaAsUnit(HEALTH), Topics.CLOCK)).hasRootCauseInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> send(stack.kafkaAs(Principals.PIPELINE), Topics.CLOCK)).hasRootCauseInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> ClockTicks.send(stack.kafkaAs(Principals.PIPELINE), stack.registryUrl(), LocalDate.of(2024, 1, 2), "the pipeline"))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);

    ClockTicks.send(stack.kafkaAs(Principals.OPERATOR), stack.registryUrl(), LocalDate.of(2024, 1, 2), "operator");
    assertThat(ClockTicks.latestAsOf(stack.kafkaAs(Principals.OPERATOR), stack.registryUrl())).contains(LocalDate.of(2024, 1, 2));
  }

  @Test
  void shouldTakeBackWhatAnEarlierVersionLetAUnitDoWhenTheAccessIsSetUpAgain() throws Exception {
    // Before each unit had a topic, units wrote the event log itself.
    try (Admin admin = Admin.create(stack.kafka().clientConfig())) {
      admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.PROGRESS_REPORTS, PatternType.LITERAL),
          new AccessControlEntry("User:" + UnitAccounts.principal(HEALTH), "*", AclOperation.WRITE, AclPermissionType.ALLOW)))).all().get();
    }

    new AccessSetup(stack.kafka(), stack.credentials(), stack.registryUrl())
        .apply(PipelineConfig.DEFAULT_APPLICATION_ID, Catalog.load(Path.of("../catalog/data")).units(), (short) 1);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThatThrownBy(() -> send(stack.kafkaAsUnit(HEALTH), Topics.PROGRESS_REPORTS)).hasRootCauseInstanceOf(TopicAuthorizationException.class));
    assertThat(send(stack.kafkaAsUnit(HEALTH), OWN_TOPIC).topic()).as("what the policy grants stays").isEqualTo(OWN_TOPIC);
  }

  @Test
  void shouldLetAUnitReadTheCatalogButNoReportsNorResults() {
    KafkaAccess unit = stack.kafkaAsUnit(HEALTH);

    assertThat(recordsRead(unit, Topics.REF_UNITS)).as("the units of the published catalog").isPositive();
    for (String topic : List.of(Topics.PROGRESS_REPORTS, OWN_TOPIC, Topics.unitReportsTopic("education"), Topics.ACCEPTED_REPORTS,
        Topics.INDICATOR_PROGRESS, Topics.ALERTS)) {
      assertThatThrownBy(() -> recordsRead(unit, topic)).as(topic).isInstanceOf(TopicAuthorizationException.class);
    }
    assertThatThrownBy(() -> recordsRead(stack.kafkaAs(Principals.OPERATOR), Topics.PROGRESS_REPORTS))
        .as("the operator reads no report").isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void shouldLetTheMonitorDescribeTopicsButReadNoRecord() throws Exception {
    KafkaAccess monitor = stack.kafkaAs(Principals.MONITOR);
    try (Admin admin = Admin.create(monitor.clientConfig())) {
      assertThat(admin.listTopics().names().get()).contains(Topics.PROGRESS_REPORTS, Topics.INDICATOR_PROGRESS);
      assertThat(admin.listConsumerGroupOffsets("qyx-sink").partitionsToOffsetAndMetadata().get()).as("lag: allowed").isNotNull();
    }
    assertThatThrownBy(() -> recordsRead(monitor, Topics.PROGRESS_REPORTS)).isInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> recordsRead(monitor, Topics.REF_UNITS)).isInstanceOf(TopicAuthorizationException.class);
    // Refused before any topic: an idempotent producer needs the right to write somewhere, which the monitor has nowhere.
    assertThatThrownBy(() -> send(monitor, Topics.PROGRESS_REPORTS)).hasRootCauseInstanceOf(ClusterAuthorizationException.class);
  }

  @Test
  void shouldRefuseTheOldPasswordOnceAUnitsPasswordIsRotated() throws Exception {
    KafkaAccess before = stack.kafkaAsUnit("yucheng");
    String yuchengs = Topics.unitReportsTopic("yucheng");
    send(before, yuchengs);

    var unit = Catalog.load(Path.of("../catalog/data")).units().stream().filter(u -> u.getAccount().equals("yucheng")).findFirst().orElseThrow();
    new AccessSetup(stack.kafka(), stack.credentials(), stack.registryUrl()).rotate(unit);

    assertThatThrownBy(() -> send(before, yuchengs)).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    assertThat(send(stack.kafkaAsUnit("yucheng"), yuchengs).topic()).isEqualTo(yuchengs);
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
        stack.credentials().service(Principals.OPERATOR), stack.credentials().service(Principals.MONITOR),
        stack.credentials().service(Principals.ADMIN), stack.home().resolve("secrets/kafka.env"),
        stack.home().resolve("kafka/server.properties"), stack.home().resolve("stack.properties"));
    for (Path file : files) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
    }
    for (Path dir : List.of(stack.credentials().unitsDir(), stack.home().resolve("secrets"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString()).isEqualTo("rwx------");
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

  /** How many records {@code login} reads from {@code topic}'s start (without a group) in a few seconds; throws the broker's refusal. */
  private static int recordsRead(KafkaAccess login, String topic) {
    return records(login, topic, r -> true).size();
  }

  /** The records of {@code topic} that {@code login} reads from its start (without a group) until one is {@code wanted}, or a few seconds pass. */
  private static List<ConsumerRecord<byte[], byte[]>> records(KafkaAccess login, String topic, Predicate<ConsumerRecord<byte[], byte[]>> wanted) {
    try (var consumer = new KafkaConsumer<>(login.clientConfig(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (read.stream().noneMatch(wanted) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(read::add);
      }
      return read;
    }
  }

  /** A copy of a login file with another password, as after a rotation or a typo. */
  private static Path withWrongPassword(Path file) throws Exception {
    Path wrong = stack.home().resolve(file.getFileName() + ".wrong");
    Files.writeString(wrong, Files.readString(file, StandardCharsets.UTF_8).replaceAll("password=\"[^\"]*\"", "password=\"an-old-one\""),
        StandardCharsets.UTF_8);
    return wrong;
  }
}
