package cn.gov.yuhuan.qyx.it;

import static cn.gov.yuhuan.qyx.notify.Alerts.APRIL;
import static cn.gov.yuhuan.qyx.notify.Alerts.MARCH;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.Alert;
import cn.gov.yuhuan.qyx.events.AlertNotice;
import cn.gov.yuhuan.qyx.notify.Alerts;
import cn.gov.yuhuan.qyx.notify.Notifier;
import cn.gov.yuhuan.qyx.notify.WebhookReceiver;
import cn.gov.yuhuan.qyx.ops.Lag;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.TopicSetup;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notifier against real Kafka and registry and a real HTTP receiver, as one story: alerts of
 * two lead units make two digests; a receiver that refuses and then is down for a while still gets
 * every digest once it is back, each once; a restart sends nothing again; nor does a replay of the
 * alerts topic read from the start by a deleted consumer group, because the ledger holds.
 */
class NotifierIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final LocalDate MAY = LocalDate.of(2024, 5, 31);
  private static final LocalDate JUNE = LocalDate.of(2024, 6, 30);

  private static LocalStack stack;
  private static WebhookReceiver receiver;
  private static PipelineConfig config;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Alert> produced = new ArrayList<>();

  @BeforeAll
  static void startStack() throws Exception {
    stack = LocalStack.start("NotifierIT");
    try (Admin admin = admin()) {
      TopicSetup.ensureTopics(admin, 3, (short) -1);
    }
    receiver = WebhookReceiver.start();
    Map<String, Object> settings = new HashMap<>(stack.pipelineSettings());
    settings.put(PipelineConfig.NOTIFY_WEBHOOK_URL, receiver.url().toString());
    settings.put(PipelineConfig.NOTIFY_GROUP_WAIT_MS, "1000");
    settings.put(PipelineConfig.NOTIFY_RETRY_INITIAL_MS, "200");
    settings.put(PipelineConfig.NOTIFY_RETRY_MAX_MS, "800");
    config = new PipelineConfig(settings);
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (receiver != null) {
      receiver.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static RecordMetadata produceRaw(String topic, String value) throws Exception {
    try (var producer = new KafkaProducer<>(stack.kafka().clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, "raw".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  /** Every record of {@code topic} now, read from its start without a group. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) throws Exception {
    try (var consumer = new KafkaConsumer<>(stack.kafka().clientConfig(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldSendEveryNoticeExactlyOnceThroughAnOutageARestartAndAReplay() throws Exception {
    // (a) One evaluation, two lead units: two digests; NONE records (muted, unchanged) are no notice.
    produce(
        alert("C01", "FGJ", MARCH, AlertNotice.RAISED),
        alert("C02", "FGJ", MARCH, AlertNotice.RAISED),
        Alerts.lagging("C03", "FGJ", MARCH, AlertNotice.NONE).setMutedBy("silence S-1").build(),
        alert("C04", "JXJ", MARCH, AlertNotice.RAISED),
        alert("C05", "JXJ", MARCH, AlertNotice.NONE));
    // A record no schema reads, among them: set aside with its place, and the notifier goes on.
    RecordMetadata garbage = produceRaw(Topics.ALERTS, "not an alert");
    Running notifier = startNotifier();
    await("two digests for March", () -> receiver.requests().size() >= 2);
    awaitCaughtUp(notifier);
    assertThat(digests()).extracting(NotifierIT::summary).containsExactlyInAnyOrder(
        "FGJ@2024-03-31:[C01|CITY|LAGGING|2024-03-31|RAISED, C02|CITY|LAGGING|2024-03-31|RAISED]",
        "JXJ@2024-03-31:[C04|CITY|LAGGING|2024-03-31|RAISED]");
    assertThat(readAll(Topics.UNDECODABLE_RECORDS)).singleElement().satisfies(setAside -> {
      assertThat(new String(setAside.value(), StandardCharsets.UTF_8)).isEqualTo("not an alert");
      assertThat(header(setAside, ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME)).isEqualTo(Topics.ALERTS);
      assertThat(header(setAside, ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME)).isEqualTo(String.valueOf(garbage.partition()));
      assertThat(header(setAside, ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME)).isEqualTo(String.valueOf(garbage.offset()));
    });

    // (b) The receiver refuses (503) for some attempts, then is down altogether while a new
    // evaluation and the one after it are written; when it is back, each digest arrives once.
    receiver.answer(503, "maintenance");
    produce(
        resolved("C01", "FGJ", MARCH, APRIL),
        alert("C06", "FGJ", APRIL, AlertNotice.RAISED),
        resolved("C04", "JXJ", MARCH, APRIL));
    await("three refused attempts", () -> receiver.refused() >= 3);
    receiver.down();
    produce(alert("C07", "FGJ", MAY, AlertNotice.RAISED));
    Thread.sleep(2_000); // the outage itself: attempts in it meet a closed port
    receiver.answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    receiver.up();
    await("five digests in all", () -> receiver.requests().size() >= 5);
    awaitCaughtUp(notifier);
    assertThat(digests()).extracting(NotifierIT::summary).contains(
        "FGJ@2024-04-30:[C01|CITY|LAGGING|2024-03-31|RESOLVED, C06|CITY|LAGGING|2024-04-30|RAISED]",
        "JXJ@2024-04-30:[C04|CITY|LAGGING|2024-03-31|RESOLVED]",
        "FGJ@2024-05-31:[C07|CITY|LAGGING|2024-05-31|RAISED]");

    // (c) Stopped within the group wait of a new evaluation, and started again: it resumes from its
    // committed offsets, which never passed the waiting notice, so that one goes and nothing else.
    produce(alert("C08", "JXJ", JUNE, AlertNotice.RAISED));
    notifier.stop();
    notifier = startNotifier();
    await("the June digest", () -> receiver.requests().size() >= 6);
    awaitCaughtUp(notifier);

    // (d) A replay: the same alert records written again at new offsets, read by the running
    // notifier; then its consumer group deleted, so a new start reads the topic from the beginning.
    produce(produced.toArray(Alert[]::new));
    awaitCaughtUp(notifier);
    notifier.stop();
    try (Admin admin = admin()) {
      admin.deleteConsumerGroups(List.of(config.getString(PipelineConfig.NOTIFY_GROUP_ID))).all().get();
    }
    notifier = startNotifier();
    awaitCaughtUp(notifier);
    notifier.stop();

    List<JsonNode> digests = digests();
    assertThat(digests).hasSize(6);
    List<String> noticeIds = digests.stream().flatMap(d -> noticeIds(d).stream()).toList();
    assertThat(noticeIds).doesNotHaveDuplicates().containsExactlyInAnyOrder(
        "C01|CITY|LAGGING|2024-03-31|RAISED", "C02|CITY|LAGGING|2024-03-31|RAISED", "C04|CITY|LAGGING|2024-03-31|RAISED",
        "C01|CITY|LAGGING|2024-03-31|RESOLVED", "C06|CITY|LAGGING|2024-04-30|RAISED", "C04|CITY|LAGGING|2024-03-31|RESOLVED",
        "C07|CITY|LAGGING|2024-05-31|RAISED", "C08|CITY|LAGGING|2024-06-30|RAISED");
    // Every request carried its digest id as Idempotency-Key, and no key came twice.
    assertThat(receiver.requests()).allSatisfy(r ->
        assertThat(r.idempotencyKey()).isEqualTo(JSON.readTree(r.body()).path("digest_id").asText()));
    assertThat(receiver.requests()).extracting(WebhookReceiver.Request::idempotencyKey).doesNotHaveDuplicates();
    // The ledger names each notice once, with the digest that carried it.
    Map<String, String> ledger = ledger();
    assertThat(ledger.keySet()).containsExactlyInAnyOrderElementsOf(noticeIds);
    for (JsonNode digest : digests) {
      noticeIds(digest).forEach(id -> assertThat(ledger).containsEntry(id, digest.path("digest_id").asText()));
    }
  }

  private static Alert alert(String indicator, String leadUnit, LocalDate asOf, AlertNotice notice) {
    return Alerts.lagging(indicator, leadUnit, asOf, notice).build();
  }

  /** The RESOLVED record of the alert raised at {@code raisedAsOf}, written at {@code asOf}. */
  private static Alert resolved(String indicator, String leadUnit, LocalDate raisedAsOf, LocalDate asOf) {
    return Alerts.lagging(indicator, leadUnit, raisedAsOf, AlertNotice.RESOLVED)
        .setAsOf(asOf).setResolvedAsOf(asOf).setStatus("ON_TRACK").setVersion(2L).build();
  }

  /** Writes alerts in one transaction, as the streams app does, keyed by alert id. */
  private void produce(Alert... alerts) throws Exception {
    var topic = new Topics(RegistryAvroSerdes.registering(stack.registryUrl())).alerts();
    try (var producer = new KafkaProducer<>(stack.kafka().clientConfig(Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "notifier-it-streams")),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (Alert alert : alerts) {
        producer.send(new ProducerRecord<>(topic.name(), alert.getAlertId(), alert));
      }
      producer.commitTransaction();
    }
    produced.addAll(List.of(alerts));
  }

  /** A notifier running in a thread of the test, as {@code ./qyx-pipeline notify} runs it. */
  private Running startNotifier() {
    var notifier = new Notifier(config);
    Future<?> run = threads.submit(() -> {
      try (notifier) {
        notifier.run();
      }
      return null;
    });
    return new Running(notifier, run);
  }

  private record Running(Notifier notifier, Future<?> run) {
    void stop() throws Exception {
      notifier.stop();
      run.get(30, TimeUnit.SECONDS);
    }

    /** Fails with the notifier's own exception if it died. */
    void assertAlive() throws Exception {
      if (run.isDone()) {
        run.get();
        throw new AssertionError("the notifier returned without being stopped");
      }
    }
  }

  /**
   * Waits until the notifier has committed the end of the alerts topic: as it never commits past a
   * notice it has not sent, nothing waits in it any more, sent or to be sent.
   */
  private static void awaitCaughtUp(Running notifier) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<Lag.Behind> behind;
    try (Admin admin = admin()) {
      while (!(behind = Lag.behind(admin, config.getString(PipelineConfig.NOTIFY_GROUP_ID), Set.of(Topics.ALERTS))).isEmpty()) {
        notifier.assertAlive();
        assertThat(System.nanoTime()).as("still behind: %s", behind).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s; received %s", what, receiver.requests()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static List<JsonNode> digests() throws Exception {
    List<JsonNode> digests = new ArrayList<>();
    for (WebhookReceiver.Request request : receiver.requests()) {
      digests.add(JSON.readTree(request.body()));
    }
    return digests;
  }

  private static List<String> noticeIds(JsonNode digest) {
    List<String> ids = new ArrayList<>();
    digest.path("notices").forEach(n -> ids.add(n.path("notice_id").asText()));
    return ids;
  }

  /** {@code FGJ@2024-03-31:[notice ids]}. */
  private static String summary(JsonNode digest) {
    return digest.path("lead_unit").asText() + "@" + digest.path("as_of").asText() + ":" + noticeIds(digest);
  }

  /** The ledger topic as a read_committed reader sees it, latest value per notice id. */
  private static Map<String, String> ledger() {
    Map<String, String> ledger = new HashMap<>();
    try (var consumer = new KafkaConsumer<>(stack.kafka().clientConfig(Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.NOTICES_SENT).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("reading the ledger").isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(r -> ledger.put(r.key(), r.value()));
      }
    }
    return ledger;
  }

  private static Admin admin() {
    return Admin.create(stack.kafka().clientConfig());
  }
}
