package cn.gov.yuhuan.qyx.ops.bench;

import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The bench's latency phase. Corrections go at a fixed rate to one data value of each COUNT
 * indicator in turn, each raising that value, so the indicator's actual rises with every probe.
 * A probe has arrived where its indicator's actual first includes its value: in the row the
 * streams app committed to {@value Topics#INDICATOR_PROGRESS} (the streams app's share of the
 * latency) and in {@code indicator_progress} in ClickHouse (the whole way, the sink included).
 */
final class LatencyProbe {
  /**
   * How often ClickHouse is asked; part of the figure (half of it on average), so printed with it.
   * Every 20 ms took a quarter of a core of ClickHouse, which the pipeline then lacked.
   */
  static final Duration CLICKHOUSE_POLL = Duration.ofMillis(50);
  private static final Duration GRACE = Duration.ofSeconds(60);

  /** Milliseconds from send to arrival, each sorted. */
  record Latencies(long[] committedInKafka, long[] inClickHouse) {}

  private final BenchPlan plan;
  private final KafkaLoad load;
  private final ExpectedTotals totals;
  private final ClickHouseQuery clickhouse;
  private final String db;
  private final KafkaAccess kafka;
  private final Topic<String, IndicatorProgress> rows;

  LatencyProbe(BenchPlan plan, KafkaLoad load, ExpectedTotals totals, ClickHouseQuery clickhouse, String db,
      KafkaAccess kafka, Topic<String, IndicatorProgress> rows) {
    this.plan = plan;
    this.load = load;
    this.totals = totals;
    this.clickhouse = clickhouse;
    this.db = db;
    this.kafka = kafka;
    this.rows = rows;
  }

  /**
   * Sends probes at {@code rate} a second for {@code warmup} then {@code seconds}, waits for each to
   * arrive in both places, and returns the latencies of those after the warm-up.
   */
  Latencies run(Duration warmup, int seconds, int rate) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < plan.indicators(); i++) {
      if (BenchPlan.kind(i) == BenchPlan.Kind.COUNT) {
        counts.add(i);
      }
    }
    int unmeasured = (int) (warmup.toSeconds() * rate);
    var probes = new Probes(plan, unmeasured + seconds * rate, counts);
    var kafka = new Arrivals(probes);
    var inClickHouse = new Arrivals(probes);
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (var watcher = new KafkaWatcher(probes, kafka, failed)) {
      watcher.start();
      var sender = new Thread(() -> send(probes, rate, failed), "qyx-bench-probes");
      sender.start();
      long deadline = System.nanoTime() + warmup.plusSeconds(seconds).plus(GRACE).toNanos();
      while (!inClickHouse.all() && failed.get() == null && System.nanoTime() < deadline) {
        inClickHouse.observe(actualsInClickHouse(probes), System.nanoTime());
        LockSupport.parkNanos(CLICKHOUSE_POLL.toNanos());
      }
      sender.join();
      while (!kafka.all() && failed.get() == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    if (!inClickHouse.all() || !kafka.all()) {
      throw new IllegalStateException("latency reports never arrived: " + kafka.missing() + " of " + probes.total
          + " in " + Topics.INDICATOR_PROGRESS + ", " + inClickHouse.missing() + " in ClickHouse");
    }
    return new Latencies(kafka.latencies(unmeasured), inClickHouse.latencies(unmeasured));
  }

  private void send(Probes probes, int rate, AtomicReference<Exception> failed) {
    try (var producer = load.sender(Map.of())) {
      long start = System.nanoTime();
      long interval = 1_000_000_000L / rate;
      for (int k = 0; k < probes.total; k++) {
        LockSupport.parkNanos(start + k * interval - System.nanoTime());
        int indicator = probes.counts.get(k % probes.counts.size());
        int round = k / probes.counts.size();
        long value = 50 + round; // above any figure of the plan (0..49), rising with every round
        ProgressReport probe = plan.probeReport(indicator, plan.revisions() + 1 + round, value);
        totals.probeSent(indicator, value);
        probes.sent(k, indicator, value, System.nanoTime());
        producer.send(new ProducerRecord<>(Topics.unitReportsTopic(BenchPlan.ACCOUNT), DataValueKey.of(probe), probe), (metadata, error) -> {
          if (error != null) {
            failed.compareAndSet(null, error);
          }
        });
      }
      producer.flush();
    } catch (RuntimeException e) {
      failed.compareAndSet(null, e);
    }
  }

  /**
   * Per probed indicator, its actual in ClickHouse minus the plan's figure of the probe data value.
   * argMax over versions is what FINAL would keep, without FINAL's merge of every part.
   */
  private Map<Integer, BigDecimal> actualsInClickHouse(Probes probes) throws IOException, InterruptedException {
    Map<String, Integer> byId = new HashMap<>();
    probes.counts.forEach(i -> byId.put(BenchPlan.indicatorId(i), i));
    Map<Integer, BigDecimal> figures = new HashMap<>();
    for (List<String> row : clickhouse.rows("SELECT indicator_id, argMax(actual, version) FROM " + db + ".indicator_progress"
        + " WHERE indicator_id IN ('" + String.join("','", byId.keySet()) + "') GROUP BY indicator_id")) {
      int i = byId.get(row.get(0));
      figures.put(i, new BigDecimal(row.get(1)).subtract(probes.without.get(i)));
    }
    return figures;
  }

  /** What was sent: per probe, its indicator, value and time. A probe is visible to readers once {@link #sentCount} covers it. */
  private static final class Probes {
    final int total;
    final List<Integer> counts;
    final long[] sentAt;
    final long[] value;
    final int[] indicator;
    /** Per probed indicator, its actual without its probe data value's figure in the plan. */
    final Map<Integer, BigDecimal> without = new HashMap<>();
    final AtomicInteger sentCount = new AtomicInteger();

    Probes(BenchPlan plan, int total, List<Integer> counts) {
      this.total = total;
      this.counts = counts;
      this.sentAt = new long[total];
      this.value = new long[total];
      this.indicator = new int[total];
      for (int i : counts) {
        without.put(i, plan.actualBesidesProbe(i));
      }
    }

    void sent(int k, int i, long v, long at) {
      indicator[k] = i;
      value[k] = v;
      sentAt[k] = at;
      sentCount.set(k + 1);
    }
  }

  /** When each probe was first seen in one place. */
  private static final class Arrivals {
    private final Probes probes;
    private final long[] seenAt;
    private int seen;

    Arrivals(Probes probes) {
      this.probes = probes;
      this.seenAt = new long[probes.total];
    }

    /** Marks every probe sent so far whose value {@code figures} now includes. */
    synchronized void observe(Map<Integer, BigDecimal> figures, long now) {
      int sent = probes.sentCount.get();
      for (int k = seen; k < sent; k++) {
        BigDecimal figure = figures.get(probes.indicator[k]);
        if (seenAt[k] == 0 && figure != null && figure.compareTo(BigDecimal.valueOf(probes.value[k])) >= 0) {
          seenAt[k] = now;
        }
      }
      while (seen < probes.total && seenAt[seen] != 0) {
        seen++;
      }
    }

    synchronized boolean all() {
      return seen == probes.total;
    }

    synchronized int missing() {
      return probes.total - seen;
    }

    /** Of the probes after the first {@code skipped}. */
    synchronized long[] latencies(int skipped) {
      long[] millis = new long[probes.total - skipped];
      for (int k = skipped; k < probes.total; k++) {
        millis[k - skipped] = Math.max(0, (seenAt[k] - probes.sentAt[k]) / 1_000_000);
      }
      Arrays.sort(millis);
      return millis;
    }
  }

  /** Reads the committed indicator rows as they come and marks the probes they include. */
  private final class KafkaWatcher extends Thread implements AutoCloseable {
    private final Probes probes;
    private final Arrivals arrivals;
    private final AtomicReference<Exception> failed;
    private final KafkaConsumer<String, IndicatorProgress> consumer;
    private volatile boolean closing;

    KafkaWatcher(Probes probes, Arrivals arrivals, AtomicReference<Exception> failed) {
      super("qyx-bench-row-watcher");
      this.probes = probes;
      this.arrivals = arrivals;
      this.failed = failed;
      this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          // What the sink sees: only rows of committed transactions.
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
          rows.keySerde().deserializer(), rows.valueSerde().deserializer());
      List<TopicPartition> partitions = consumer.partitionsFor(rows.name()).stream()
          .map(p -> new TopicPartition(rows.name(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fixes the start before the first probe is sent
    }

    @Override
    public void run() {
      Map<String, Integer> byId = new HashMap<>();
      probes.counts.forEach(i -> byId.put(BenchPlan.indicatorId(i), i));
      try {
        while (!closing) {
          Map<Integer, BigDecimal> figures = new HashMap<>();
          for (var record : consumer.poll(Duration.ofMillis(20))) {
            Integer i = record.value() == null ? null : byId.get(record.value().getIndicatorId()); // keyed indicator_id|plan_year
            if (i != null) {
              figures.put(i, record.value().getActual().subtract(probes.without.get(i)));
            }
          }
          if (!figures.isEmpty()) {
            arrivals.observe(figures, System.nanoTime());
          }
        }
      } catch (RuntimeException e) {
        if (!closing) {
          failed.compareAndSet(null, e);
        }
      } finally {
        consumer.close();
      }
    }

    @Override
    public void close() throws InterruptedException {
      closing = true;
      join();
    }
  }
}
