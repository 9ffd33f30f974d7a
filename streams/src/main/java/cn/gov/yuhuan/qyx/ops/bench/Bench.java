package cn.gov.yuhuan.qyx.ops.bench;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code ./qyx bench}: the pipeline's speed on a real stack, against Kafka's own in the same run.
 * In order: the plan's reports produced to a plain topic and consumed back (the baseline); the same
 * reports through the pipeline, from the first send until every indicator's total in ClickHouse is
 * exact; the latency from a report to its indicator's row at a fixed rate; the memory of every
 * process; the largest state-store record; and whether every total is exact.
 */
public final class Bench {
  /** The baseline's topic: the same records, nobody reading them but the bench. */
  static final String RAW_TOPIC = "bench.raw";
  /** How long the latency probes run at their rate before they are measured: the probes' own code paths warm up. */
  static final Duration LATENCY_WARMUP = Duration.ofSeconds(5);

  private final PipelineConfig config;
  private final BenchPlan plan;
  private final PrintStream out;
  private final Topics topics;
  private final KafkaLoad load;
  private final ExpectedTotals totals;
  private final ClickHouseQuery clickhouse;

  public Bench(PipelineConfig config, BenchPlan plan, PrintStream out) {
    this.config = config;
    this.plan = plan;
    this.out = out;
    this.topics = new Topics(new RegistryAvroSerdes(config.getString(PipelineConfig.SCHEMA_REGISTRY_URL)));
    this.load = new KafkaLoad(config.kafka(), topics.unitReports(BenchPlan.ACCOUNT));
    this.clickhouse = new ClickHouseQuery(config);
    this.totals = new ExpectedTotals(plan, clickhouse, config.getString(PipelineConfig.CLICKHOUSE_DATABASE));
  }

  /** What one run measured. Latencies in ms, sorted; empty when there was no latency phase. */
  public record Figures(double produceRate, double consumeRate, double pipelineRate, long[] latencyMillis,
      long[] streamsLatencyMillis, Map<String, Long> rss, long rssTotal, Map<String, Integer> largestRecords,
      List<String> wrongTotals) {
    public boolean exact() {
      return wrongTotals.isEmpty();
    }
  }

  /**
   * Runs every phase and prints the figures.
   *
   * @param home the stack's QYX_HOME, whose processes' memory is sampled
   * @param warmupReports about how many reports to send through the pipeline before measuring
   * @param latencySeconds how long to measure latency at {@code rate} reports a second (0: no latency phase)
   */
  public Figures run(Path home, long warmupReports, int latencySeconds, int rate) throws Exception {
    out.printf("Bench: %,d indicators × %,d areas × %d months × %d revisions = %,d reports (%,d data values)%n",
        plan.indicators(), plan.areas(), BenchPlan.MONTHS, plan.revisions(), plan.reports(), plan.dataValues());
    int partitions = load.partitionsOf(Topics.PROGRESS_REPORTS);
    List<ProgressReport> warmup = plan.warmupReports(warmupReports);
    long warmupStart = System.nanoTime();
    // As a unit's system sends them: to its topic, which the intake copies into the event log.
    String unitTopic = Topics.unitReportsTopic(BenchPlan.ACCOUNT);
    load.produce(unitTopic, 1, warmup.iterator(), warmup.size());
    totals.warmupSent(warmup.size());
    totals.awaitRows(warmupStart, warmup.size());
    double warmupSeconds = (System.nanoTime() - warmupStart) / 1e9;
    out.printf("0. Warm-up: %,d reports of %d other indicators through the pipeline, landed in %.1f s = %,.0f reports/s"
        + " (not counted below)%n", warmup.size(), BenchPlan.WARMUP_INDICATORS, warmupSeconds, warmup.size() / warmupSeconds);
    try (var rss = new RssSampler(home)) {
      double produceRate = load.produce(RAW_TOPIC, partitions, plan.reportsInOrder(), plan.reports());
      double consumeRate = load.consume(RAW_TOPIC, plan.reports());
      out.printf("1. Kafka alone (%s, %d partitions): produce %,.0f reports/s, consume %,.0f reports/s%n",
          RAW_TOPIC, partitions, produceRate, consumeRate);

      var cpu = new CpuShares(home);
      long start = System.nanoTime();
      load.produce(unitTopic, 1, plan.reportsInOrder(), plan.reports());
      double seconds = totals.awaitExact(start);
      double pipelineRate = plan.reports() / seconds;
      out.printf("2. Pipeline end to end (first send until every total is exact in ClickHouse): %,.1f s, %,.0f reports/s"
          + " = %.3f × the raw consume rate%n   CPU in that time: %s%n", seconds, pipelineRate, pipelineRate / consumeRate,
          cpu.since());

      var latencyCpu = new CpuShares(home);
      var latencies = latencySeconds > 0
          ? new LatencyProbe(plan, load, totals, clickhouse, config.getString(PipelineConfig.CLICKHOUSE_DATABASE),
              config.kafka(), topics.indicatorProgress()).run(LATENCY_WARMUP, latencySeconds, rate)
          : new LatencyProbe.Latencies(new long[0], new long[0]);
      if (latencySeconds > 0) {
        out.printf("3. Latency at %,d reports/s (%,d reports, after %d s at that rate unmeasured), from send to the indicator's row%n"
            + "   committed in %s (the streams app): %s%n"
            + "   in qyx.indicator_progress (the whole way; ClickHouse asked every %d ms): %s%n"
            + "   CPU in that time: %s%n",
            rate, latencies.inClickHouse().length, LATENCY_WARMUP.toSeconds(), Topics.INDICATOR_PROGRESS, percentiles(latencies.committedInKafka()),
            LatencyProbe.CLICKHOUSE_POLL.toMillis(), percentiles(latencies.inClickHouse()), latencyCpu.since());
      }

      Map<String, Long> memory = rss.highest();
      long total = rss.highestTotal();
      var perProcess = new StringBuilder();
      memory.forEach((name, bytes) -> perProcess.append(String.format("%s %,d MB, ", name, bytes >> 20)));
      out.printf("4. Memory, the highest RSS seen: %sthe whole stack %,d MB%n", perProcess, total >> 20);

      Map<String, Integer> largest = ChangelogSizes.largest(config.kafka(), config.getString(PipelineConfig.APPLICATION_ID));
      var stores = new StringBuilder();
      largest.forEach((store, bytes) -> stores.append(String.format("%s %,d B, ", store, bytes)));
      out.printf("5. Largest state-store record (from the changelogs): %s%n", stores.length() == 0 ? "none" : stores.substring(0, stores.length() - 2));

      List<String> wrong = totals.check();
      out.printf("6. Totals: %s%n", wrong.isEmpty()
          ? String.format("all %d indicators exact, %,d reports in progress_events", plan.indicators(), totals.reports())
          : wrong.size() + " wrong:\n   " + String.join("\n   ", wrong));
      return new Figures(produceRate, consumeRate, pipelineRate, latencies.inClickHouse(), latencies.committedInKafka(),
          memory, total, largest, wrong);
    }
  }

  /** Writes which reports were sent besides the plan's, so a later {@link #awaitExact} (after a rebuild) expects them too. */
  public void saveSent(Path file) throws IOException {
    totals.save(file);
  }

  /** Reads what {@link #saveSent} wrote, if it did. */
  public void loadSent(Path file) throws IOException {
    totals.load(file);
  }

  /** Waits for every report to land once and every total to be exact, e.g. after a rebuild; returns the seconds since {@code start}. */
  public double awaitExact(long start) throws IOException, InterruptedException {
    return totals.awaitExact(start);
  }

  private static String percentiles(long[] sorted) {
    return String.format("p50 %,d ms, p95 %,d ms, p99 %,d ms, max %,d ms", percentile(sorted, 50), percentile(sorted, 95),
        percentile(sorted, 99), sorted[sorted.length - 1]);
  }

  static long percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
