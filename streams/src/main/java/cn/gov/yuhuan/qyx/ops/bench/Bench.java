package cn.gov.yuhuan.qyx.ops.bench;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code ./qyx bench}: the pipeline's speed on a real stack, against Kafka's own in the same run.
 * In order: the plan's reports produced to a plain topic and consumed back (the baseline); the same
 * reports through the pipeline, from the first send until every indicator's total in ClickHouse is
 * exact; the latency from a report to its indicator's row in ClickHouse at a fixed rate; the memory
 * of every process; the largest state-store record; and whether every total is exact.
 */
public final class Bench {
  /** The baseline's topic: the same records, nobody reading them but the bench. */
  static final String RAW_TOPIC = "bench.raw";
  private static final Duration LANDING_TIMEOUT = Duration.ofMinutes(60);
  private static final Duration POLL = Duration.ofMillis(10);

  private final PipelineConfig config;
  private final BenchPlan plan;
  private final PrintStream out;
  private final ClickHouseQuery clickhouse;
  private final Topic<String, ProgressReport> reports;
  private final String db;
  /** Per indicator: the value its latency probes last set on its probe data value (what the totals must then show). */
  private final Map<Integer, Long> probed = new HashMap<>();
  private final java.util.concurrent.atomic.AtomicLong probesSent = new java.util.concurrent.atomic.AtomicLong();
  /** Reports of the warm-up load, landed before the figures. */
  private long warmupReports;

  public Bench(PipelineConfig config, BenchPlan plan, PrintStream out) {
    this.config = config;
    this.plan = plan;
    this.out = out;
    this.clickhouse = new ClickHouseQuery(config.getString(PipelineConfig.CLICKHOUSE_URL));
    this.reports = new Topics(new RegistryAvroSerdes(config.getString(PipelineConfig.SCHEMA_REGISTRY_URL))).progressReports();
    this.db = config.getString(PipelineConfig.CLICKHOUSE_DATABASE);
  }

  /** What one run measured. */
  public record Figures(double produceRate, double consumeRate, double pipelineRate, long[] latencyMillis,
      Map<String, Long> rss, long rssTotal, Map<String, Integer> largestRecords, List<String> wrongTotals) {
    public boolean exact() {
      return wrongTotals.isEmpty();
    }
  }

  /**
   * Runs every phase and prints the figures.
   *
   * @param home the stack's QYX_HOME, whose processes' memory is sampled
   * @param latencySeconds how long to send at {@code rate} reports a second (0: no latency phase)
   */
  public Figures run(Path home, int latencySeconds, int rate) throws Exception {
    out.printf("Bench: %,d indicators × %,d areas × %d months × %d revisions = %,d reports (%,d data values)%n",
        plan.indicators(), plan.areas(), BenchPlan.MONTHS, plan.revisions(), plan.reports(), plan.dataValues());
    int partitions = partitionsOf(Topics.PROGRESS_REPORTS);
    List<ProgressReport> warmup = plan.warmupReports();
    long warmupStart = System.nanoTime();
    produce(Topics.PROGRESS_REPORTS, partitions, warmup.iterator(), warmup.size());
    warmupReports = warmup.size();
    awaitLanded(warmupStart, warmupReports);
    out.printf("0. Warm-up: %,d reports of %d other indicators through the pipeline, landed in %.1f s (not counted below)%n",
        warmup.size(), BenchPlan.WARMUP_INDICATORS, (System.nanoTime() - warmupStart) / 1e9);
    try (var rss = new RssSampler(home)) {
      double produceRate = produce(RAW_TOPIC, partitions, plan.reportsInOrder(), plan.reports());
      double consumeRate = consumeAll(RAW_TOPIC);
      out.printf("1. Kafka alone (%s, %d partitions): produce %,.0f reports/s, consume %,.0f reports/s%n",
          RAW_TOPIC, partitions, produceRate, consumeRate);

      long start = System.nanoTime();
      produce(Topics.PROGRESS_REPORTS, partitions, plan.reportsInOrder(), plan.reports());
      double seconds = awaitExactTotals(start);
      double pipelineRate = plan.reports() / seconds;
      out.printf("2. Pipeline end to end (first send until every total is exact in ClickHouse): %,.1f s, %,.0f reports/s"
          + " = %.3f × the raw consume rate%n", seconds, pipelineRate, pipelineRate / consumeRate);

      long[] latencies = latencySeconds > 0 ? latency(latencySeconds, rate) : new long[0];
      if (latencies.length > 0) {
        out.printf("3. Latency from send to the indicator's row in qyx.indicator_progress, %,d reports at %,d/s: "
            + "p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (ClickHouse polled every %d ms)%n", latencies.length, rate,
            percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), latencies[latencies.length - 1],
            POLL.toMillis());
      }

      Map<String, Long> memory = rss.highest();
      long total = rss.highestTotal();
      var perProcess = new StringBuilder();
      memory.forEach((name, bytes) -> perProcess.append(String.format("%s %,d MB, ", name, bytes >> 20)));
      out.printf("4. Memory, the highest RSS seen: %sthe whole stack %,d MB%n", perProcess, total >> 20);

      Map<String, Integer> largest = ChangelogSizes.largest(config.bootstrapServers(), config.getString(PipelineConfig.APPLICATION_ID));
      var stores = new StringBuilder();
      largest.forEach((store, bytes) -> stores.append(String.format("%s %,d B, ", store, bytes)));
      out.printf("5. Largest state-store record (from the changelogs): %s%n", stores.length() == 0 ? "none" : stores.substring(0, stores.length() - 2));

      List<String> wrong = wrongTotals();
      out.printf("6. Totals: %s%n", wrong.isEmpty()
          ? String.format("all %d indicators exact, %,d reports in progress_events", plan.indicators(), expectedEvents())
          : wrong.size() + " wrong:\n   " + String.join("\n   ", wrong));
      return new Figures(produceRate, consumeRate, pipelineRate, latencies, memory, total, largest, wrong);
    }
  }

  /** Writes which latency reports were sent, so a later check (after a rebuild) expects them too. */
  public void saveProbes(Path file) throws IOException {
    var props = new java.util.Properties();
    props.setProperty("probes.sent", String.valueOf(probesSent.get()));
    props.setProperty("warmup.reports", String.valueOf(warmupReports));
    synchronized (probed) {
      probed.forEach((indicator, value) -> props.setProperty("probe." + indicator, String.valueOf(value)));
    }
    try (var out = java.nio.file.Files.newBufferedWriter(file)) {
      props.store(out, "latency reports sent by ./qyx bench");
    }
  }

  /** Reads what {@link #saveProbes} wrote, if it did. */
  public void loadProbes(Path file) throws IOException {
    if (!java.nio.file.Files.exists(file)) {
      return;
    }
    var props = new java.util.Properties();
    try (var in = java.nio.file.Files.newBufferedReader(file)) {
      props.load(in);
    }
    probesSent.set(Long.parseLong(props.getProperty("probes.sent", "0")));
    warmupReports = Long.parseLong(props.getProperty("warmup.reports", "0"));
    synchronized (probed) {
      props.stringPropertyNames().stream().filter(k -> k.startsWith("probe."))
          .forEach(k -> probed.put(Integer.parseInt(k.substring("probe.".length())), Long.parseLong(props.getProperty(k))));
    }
  }

  /** The indicators whose totals are wrong now, one line each (empty: all exact). */
  public List<String> check() throws IOException, InterruptedException {
    List<String> wrong = new ArrayList<>(wrongTotals());
    long landed = landedEvents();
    if (landed != expectedEvents()) {
      wrong.add(0, "progress_events: " + landed + " reports, expected " + expectedEvents());
    }
    return wrong;
  }

  /** Waits for every total to be exact again, e.g. after a rebuild; returns the seconds since {@code start}. */
  public double awaitExactTotals(long start) throws IOException, InterruptedException {
    long deadline = start + LANDING_TIMEOUT.toNanos();
    long nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      // A plain count is cheap (parts' row counts); FINAL and the totals only once it could be done,
      // so that measuring does not take the CPU the pipeline needs.
      long landed = rowsLanded();
      if (landed >= expectedEvents() && landedEvents() == expectedEvents() && wrongTotals().isEmpty()) {
        return (System.nanoTime() - start) / 1e9;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not landed after " + LANDING_TIMEOUT + ": " + landedEvents() + " of " + expectedEvents()
            + " reports in progress_events; " + wrongTotals());
      }
      if (System.nanoTime() > nextReport) {
        System.err.printf("  ... %,d of %,d reports landed in progress_events after %.0f s%n", landed, expectedEvents(),
            (System.nanoTime() - start) / 1e9);
        nextReport += Duration.ofSeconds(10).toNanos();
      }
      Thread.sleep(500);
    }
  }

  /** Sends the plan's reports to {@code topic}; returns reports per second, until the last is acknowledged. */
  private double produce(String topic, int partitions, Iterator<ProgressReport> all, long count) throws Exception {
    ensureTopic(topic, partitions);
    Map<String, Object> settings = new HashMap<>(senderSettings());
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    AtomicReference<Exception> failed = new AtomicReference<>();
    long start = System.nanoTime();
    try (var producer = new KafkaProducer<>(settings, reports.keySerde().serializer(), reports.valueSerde().serializer())) {
      while (all.hasNext()) {
        ProgressReport report = all.next();
        producer.send(new ProducerRecord<>(topic, DataValueKey.of(report), report), (metadata, error) -> {
          if (error != null) {
            failed.compareAndSet(null, error);
          }
        });
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("the broker refused a report of the bench", failed.get());
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /** Reads the whole topic back; returns records per second. */
  private double consumeAll(String topic) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long read = 0;
      long start = System.nanoTime();
      while (read < plan.reports()) {
        read += consumer.poll(Duration.ofMillis(500)).count();
      }
      return read / ((System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Sends corrections at {@code rate} a second for {@code seconds}, to one data value of each COUNT
   * indicator in turn, each raising its value; a report has reached ClickHouse when its indicator's
   * actual there includes its value. Returns the latencies in ms, sorted.
   */
  private long[] latency(int seconds, int rate) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < plan.indicators(); i++) {
      if (BenchPlan.kind(i) == BenchPlan.Kind.COUNT) {
        counts.add(i);
      }
    }
    int total = seconds * rate;
    long[] sentAt = new long[total];
    long[] seenAt = new long[total];
    long[] probeValue = new long[total];
    int[] probeIndicator = new int[total];
    var sender = new Thread(() -> sendProbes(counts, rate, sentAt, probeValue, probeIndicator), "qyx-bench-probes");
    sender.start();
    // Per indicator: what its actual is without the probe data value's own figure.
    Map<String, BigDecimal> without = new HashMap<>();
    for (int i : counts) {
      without.put(BenchPlan.indicatorId(i), plan.expectedActual(i).subtract(BigDecimal.valueOf(BenchPlan.value(i, 0, BenchPlan.MONTHS, plan.revisions()))));
    }
    String ids = String.join("','", without.keySet());
    int seen = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 60L).toNanos();
    while (seen < total && System.nanoTime() < deadline) {
      Map<String, BigDecimal> probeFigure = new HashMap<>();
      for (List<String> row : clickhouse.rows("SELECT indicator_id, actual FROM " + db + ".indicator_progress FINAL WHERE indicator_id IN ('" + ids + "')")) {
        probeFigure.put(row.get(0), new BigDecimal(row.get(1)).subtract(without.get(row.get(0))));
      }
      long now = System.nanoTime();
      for (int k = seen; k < total && sentAt[k] != 0; k++) {
        BigDecimal figure = probeFigure.get(BenchPlan.indicatorId(probeIndicator[k]));
        if (seenAt[k] == 0 && figure != null && figure.compareTo(BigDecimal.valueOf(probeValue[k])) >= 0) {
          seenAt[k] = now;
        }
      }
      while (seen < total && seenAt[seen] != 0) {
        seen++;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    sender.join();
    if (seen < total) {
      throw new IllegalStateException((total - seen) + " of " + total + " latency reports never showed in indicator_progress");
    }
    long[] latencies = new long[total];
    for (int k = 0; k < total; k++) {
      latencies[k] = Math.max(0, (seenAt[k] - sentAt[k]) / 1_000_000);
    }
    Arrays.sort(latencies);
    return latencies;
  }

  private void sendProbes(List<Integer> counts, int rate, long[] sentAt, long[] probeValue, int[] probeIndicator) {
    try (var producer = new KafkaProducer<>(senderSettings(),
        reports.keySerde().serializer(), reports.valueSerde().serializer())) {
      long start = System.nanoTime();
      long interval = 1_000_000_000L / rate;
      for (int k = 0; k < sentAt.length; k++) {
        LockSupport.parkNanos(start + k * interval - System.nanoTime());
        int indicator = counts.get(k % counts.size());
        int round = k / counts.size();
        long value = 50 + round; // above any figure of the plan (0..49), rising with every round
        ProgressReport base = plan.report(indicator, 0, BenchPlan.MONTHS, plan.revisions() + 1 + round);
        ProgressReport probe = ProgressReport.newBuilder(base).setValue(BigDecimal.valueOf(value).setScale(4)).build();
        probeValue[k] = value;
        probeIndicator[k] = indicator;
        synchronized (probed) {
          probed.merge(indicator, value, Math::max);
        }
        sentAt[k] = System.nanoTime();
        probesSent.incrementAndGet();
        producer.send(new ProducerRecord<>(Topics.PROGRESS_REPORTS, DataValueKey.of(probe), probe));
      }
      producer.flush();
    }
  }

  /** Reports the pipeline must have landed: the plan's, and the latency probes sent. */
  private long expectedEvents() {
    return warmupReports + plan.reports() + probesSent.get();
  }

  /** Waits until {@code count} reports are in progress_events (the warm-up's totals are not checked). */
  private void awaitLanded(long start, long count) throws IOException, InterruptedException {
    long deadline = start + LANDING_TIMEOUT.toNanos();
    while (rowsLanded() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the warm-up did not land within " + LANDING_TIMEOUT);
      }
      Thread.sleep(500);
    }
  }

  /** Rows in progress_events, a report landed twice (a sink retry) counted twice. */
  private long rowsLanded() throws IOException, InterruptedException {
    return Long.parseLong(clickhouse.value("SELECT count() FROM " + db + ".progress_events"));
  }

  private long landedEvents() throws IOException, InterruptedException {
    return Long.parseLong(clickhouse.value("SELECT count() FROM " + db + ".progress_events FINAL"));
  }

  /** Every indicator whose actual or area count in ClickHouse is not what the plan says, one line each. */
  private List<String> wrongTotals() throws IOException, InterruptedException {
    Map<String, List<String>> rows = new HashMap<>();
    for (List<String> row : clickhouse.rows("SELECT indicator_id, actual, area_count FROM " + db + ".indicator_progress FINAL")) {
      rows.put(row.get(0), row);
    }
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < plan.indicators(); i++) {
      BigDecimal expected = plan.expectedActual(i);
      synchronized (probed) {
        if (probed.containsKey(i)) {
          expected = expected.subtract(BigDecimal.valueOf(BenchPlan.value(i, 0, BenchPlan.MONTHS, plan.revisions())))
              .add(BigDecimal.valueOf(probed.get(i)));
        }
      }
      List<String> row = rows.get(BenchPlan.indicatorId(i));
      if (row == null) {
        wrong.add(BenchPlan.indicatorId(i) + ": no row");
      } else if (new BigDecimal(row.get(1)).compareTo(expected) != 0 || Integer.parseInt(row.get(2)) != plan.areas()) {
        wrong.add(BenchPlan.indicatorId(i) + ": actual " + row.get(1) + " in " + row.get(2) + " areas, expected " + expected.toPlainString()
            + " in " + plan.areas());
      }
    }
    return wrong;
  }

  private void ensureTopic(String topic, int partitions) throws InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()))) {
      if (!admin.listTopics().names().get().contains(topic)) {
        admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty()))).all().get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private int partitionsOf(String topic) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()))) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }
  }

  /** The settings of the producer library's {@code ReportSender}: idempotent, every replica acknowledging, 5 ms linger. */
  private Map<String, Object> senderSettings() {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5);
  }

  static long percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
