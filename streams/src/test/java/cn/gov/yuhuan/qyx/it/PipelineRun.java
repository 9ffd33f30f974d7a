package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.CatalogPublisher;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.ops.Sync;
import cn.gov.yuhuan.qyx.producers.ReportSender;
import cn.gov.yuhuan.qyx.producers.Reports;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.TopicSetup;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.sink.ClickHouseSink;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import cn.gov.yuhuan.qyx.streams.StreamsApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The streams app and the ClickHouse sink, running in the test JVM against a {@link LocalStack},
 * started the way {@code ./qyx up} starts them: topics, catalog, app, sink.
 */
public final class PipelineRun implements AutoCloseable {
  /**
   * Long enough to outlast a stall the app recovers from by itself: a registry call of a second
   * in-process app (StatusIT's after its rebuild; they share the registry client's Vert.x instance)
   * can hang until its connection closes: about 90 s once, 140 s and over 240 s (a failed run) on
   * 2026-11-30. Separate processes, as ./qyx runs them, do not share it. Landing normally takes
   * seconds; the wait ends as soon as it has.
   */
  static final Duration LANDING_TIMEOUT = Duration.ofSeconds(480);

  private final LocalStack stack;
  private final PipelineConfig config;
  private final StreamsApp.Running streams;
  private final ExecutorService sinkThreads = Executors.newCachedThreadPool();
  private final List<ClickHouseSink> sinks = new ArrayList<>();
  private final List<Future<?>> sinkRuns = new ArrayList<>();

  private PipelineRun(LocalStack stack, Map<String, String> overrides) throws Exception {
    this.stack = stack;
    this.config = config(stack, overrides);
    try (Admin admin = Admin.create(stack.kafka().clientConfig())) {
      TopicSetup.ensureTopics(admin, 3, (short) -1);
    }
    CatalogPublisher.publish(Catalog.load(Path.of("../catalog/data")), stack.kafka(), stack.registryUrl());
    this.streams = StreamsApp.start(config, (now, before) -> {});
    startSink(config);
    awaitLanding(); // the sink has created its tables and joined its group
  }

  /** The unit whose topic gets what names no unit of the catalog. */
  static final String ANY_UNIT = "health";
  private static final Map<String, String> ACCOUNTS = Catalog.load(Path.of("../catalog/data")).units().stream()
      .collect(java.util.stream.Collectors.toMap(UnitDefinition::getCode, UnitDefinition::getAccount));

  public static PipelineRun start(LocalStack stack) throws Exception {
    return new PipelineRun(stack, Map.of());
  }

  /** With settings of the app and the sink changed, e.g. shorter retry delays. */
  static PipelineRun start(LocalStack stack, Map<String, String> overrides) throws Exception {
    return new PipelineRun(stack, overrides);
  }

  /** The port of the first sink's /metrics and /health (with metrics.port set). */
  int sinkMetricsPort() {
    return sinks.get(0).metricsPort();
  }

  /** Whether every sink started is still running (none stopped on a failure). */
  boolean sinksRunning() {
    return sinkRuns.stream().noneMatch(Future::isDone);
  }

  /** The settings of the app and the sink: the stack's endpoints, state under the stack's home. */
  static PipelineConfig config(LocalStack stack, Map<String, String> overrides) {
    Map<String, Object> settings = new HashMap<>(stack.pipelineSettings());
    settings.put(PipelineConfig.STATE_DIR, stack.home().resolve("streams-state").toString());
    settings.putAll(overrides);
    return new PipelineConfig(settings);
  }

  public PipelineConfig config() {
    return config;
  }

  /**
   * Sends {@code raw} bytes, then {@code reports} as Avro through the registry, as a client that does
   * not use the producer library would (so bad reports reach the pipeline, unchecked), each to the
   * topic of the unit it names (raw bytes and reports of units the catalog does not have to
   * {@value #ANY_UNIT}'s), and waits until the broker has them all.
   */
  void send(List<byte[]> raw, List<ProgressReport> reports) throws Exception {
    sendUnchecked(stack, raw, reports);
  }

  /** {@link #send} without a running pipeline. */
  static void sendUnchecked(LocalStack stack, List<byte[]> raw, List<ProgressReport> reports) throws Exception {
    var topics = new Topics(new RegistryAvroSerdes(stack.registryUrl()));
    var topic = topics.unitReports(ANY_UNIT);
    try (var rawProducer = new KafkaProducer<>(stack.kafka().clientConfig(),
            new ByteArraySerializer(), new ByteArraySerializer());
        var avroProducer = new KafkaProducer<>(ReportSender.producerConfig(stack.kafka()),
            topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (byte[] bytes : raw) {
        rawProducer.send(new ProducerRecord<>(topic.name(), "raw".getBytes(StandardCharsets.UTF_8), bytes)).get();
      }
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (ProgressReport report : reports) {
        ProgressReport atScale = Reports.withContractScale(report);
        String account = ACCOUNTS.getOrDefault(report.getReportingUnit(), ANY_UNIT);
        sent.add(avroProducer.send(new ProducerRecord<>(Topics.unitReportsTopic(account), DataValueKey.of(atScale), atScale)));
      }
      for (var future : sent) {
        future.get();
      }
    }
  }

  /** Another sink, e.g. with its own consumer group to land everything again. */
  void startSink(PipelineConfig sinkConfig) {
    var sink = new ClickHouseSink(sinkConfig);
    sinks.add(sink);
    sinkRuns.add(sinkThreads.submit(() -> {
      try (sink) {
        sink.run();
      }
      return null;
    }));
  }

  /** Waits until everything sent so far has landed; a sink that died fails with its exception. */
  public void awaitLanding() throws Exception {
    awaitLanding(config);
  }

  void awaitLanding(PipelineConfig groups) throws Exception {
    for (Future<?> run : sinkRuns) {
      if (run.isDone()) {
        run.get();
      }
    }
    assertThat(new Sync(groups).await(LANDING_TIMEOUT, Duration.ofMillis(200))).as("still behind").isEmpty();
  }

  /** Stops the sinks and the app, and waits until they have left their groups. */
  @Override
  public void close() throws Exception {
    sinks.forEach(ClickHouseSink::stop);
    sinkThreads.shutdown();
    for (Future<?> run : sinkRuns) {
      run.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    StreamsApp.stop(streams);
  }
}
