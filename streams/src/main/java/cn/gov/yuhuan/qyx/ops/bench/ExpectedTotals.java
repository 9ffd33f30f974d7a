package cn.gov.yuhuan.qyx.ops.bench;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What ClickHouse must show once the bench's reports have landed, and whether it does: the plan's
 * totals, with the latency probes' values in place of the plan's on their data values, and every
 * report sent (warm-up, plan, probes) in progress_events exactly once.
 */
final class ExpectedTotals {
  private static final Duration LANDING_TIMEOUT = Duration.ofMinutes(60);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final BenchPlan plan;
  private final ClickHouseQuery clickhouse;
  private final String db;
  /** Per indicator: the highest value a latency probe set on its probe data value. */
  private final Map<Integer, Long> probed = new HashMap<>();
  private long probesSent;
  private long warmupReports;

  ExpectedTotals(BenchPlan plan, ClickHouseQuery clickhouse, String db) {
    this.plan = plan;
    this.clickhouse = clickhouse;
    this.db = db;
  }

  void warmupSent(long reports) {
    warmupReports = reports;
  }

  /** A latency probe set {@code value} on indicator {@code i}'s probe data value. */
  synchronized void probeSent(int i, long value) {
    probed.merge(i, value, Math::max);
    probesSent++;
  }

  /** Reports the pipeline must have landed: the warm-up's, the plan's and the latency probes. */
  synchronized long reports() {
    return warmupReports + plan.reports() + probesSent;
  }

  /** What indicator {@code i} must show. */
  synchronized BigDecimal actual(int i) {
    if (!probed.containsKey(i)) {
      return plan.expectedActual(i);
    }
    return plan.actualBesidesProbe(i).add(BigDecimal.valueOf(probed.get(i)));
  }

  /** Writes what was sent, so a later check (after a rebuild, another process) expects it too. */
  synchronized void save(Path file) throws IOException {
    var props = new Properties();
    props.setProperty("probes.sent", String.valueOf(probesSent));
    props.setProperty("warmup.reports", String.valueOf(warmupReports));
    probed.forEach((indicator, value) -> props.setProperty("probe." + indicator, String.valueOf(value)));
    try (var out = Files.newBufferedWriter(file)) {
      props.store(out, "reports sent by ./qyx bench besides the plan's");
    }
  }

  /** Reads what {@link #save} wrote, if it did. */
  synchronized void load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    var props = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      props.load(in);
    }
    probesSent = Long.parseLong(props.getProperty("probes.sent", "0"));
    warmupReports = Long.parseLong(props.getProperty("warmup.reports", "0"));
    props.stringPropertyNames().stream().filter(k -> k.startsWith("probe."))
        .forEach(k -> probed.put(Integer.parseInt(k.substring("probe.".length())), Long.parseLong(props.getProperty(k))));
  }

  /** What is wrong now, one line each (empty: every report landed once and every total exact). */
  List<String> check() throws IOException, InterruptedException {
    List<String> wrong = new ArrayList<>(wrongTotals());
    long landed = landedReports();
    if (landed != reports()) {
      wrong.add(0, "progress_events: " + landed + " reports, expected " + reports());
    }
    return wrong;
  }

  /** Waits until every report has landed and every total is exact; returns the seconds since {@code start}. */
  double awaitExact(long start) throws IOException, InterruptedException {
    long deadline = start + LANDING_TIMEOUT.toNanos();
    long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
    while (true) {
      // A plain count is cheap (parts' row counts); FINAL and the totals only once it could be done,
      // so that measuring does not take the CPU the pipeline needs.
      long rows = rowsLanded();
      if (rows >= reports() && landedReports() == reports() && wrongTotals().isEmpty()) {
        return (System.nanoTime() - start) / 1e9;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not landed after " + LANDING_TIMEOUT + ": " + check());
      }
      if (System.nanoTime() > nextProgress) {
        System.err.printf("  ... %,d of %,d reports landed in progress_events after %.0f s%n", rows, reports(),
            (System.nanoTime() - start) / 1e9);
        nextProgress += PROGRESS_EVERY.toNanos();
      }
      Thread.sleep(500);
    }
  }

  /** Waits until {@code count} reports are in progress_events, whatever the totals (the warm-up's are not checked). */
  void awaitRows(long start, long count) throws IOException, InterruptedException {
    long deadline = start + LANDING_TIMEOUT.toNanos();
    while (rowsLanded() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(count + " reports did not land within " + LANDING_TIMEOUT);
      }
      Thread.sleep(500);
    }
  }

  /** Rows in progress_events, a report landed twice (a sink retry) counted twice. */
  private long rowsLanded() throws IOException, InterruptedException {
    return Long.parseLong(clickhouse.value("SELECT count() FROM " + db + ".progress_events"));
  }

  private long landedReports() throws IOException, InterruptedException {
    return Long.parseLong(clickhouse.value("SELECT count() FROM " + db + ".progress_events FINAL"));
  }

  /** Every indicator whose actual or area count in ClickHouse is not what the plan says, one line each. */
  List<String> wrongTotals() throws IOException, InterruptedException {
    Map<String, List<String>> rows = new HashMap<>();
    for (List<String> row : clickhouse.rows("SELECT indicator_id, actual, area_count FROM " + db + ".indicator_progress FINAL")) {
      rows.put(row.get(0), row);
    }
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < plan.indicators(); i++) {
      BigDecimal expected = actual(i);
      List<String> row = rows.get(BenchPlan.indicatorId(i));
      if (row == null) {
        wrong.add(BenchPlan.indicatorId(i) + ": no row");
      } else if (new BigDecimal(row.get(1)).compareTo(expected) != 0 || Integer.parseInt(row.get(2)) != plan.areas()) {
        wrong.add(BenchPlan.indicatorId(i) + ": actual " + row.get(1) + " in " + row.get(2) + " areas, expected "
            + expected.toPlainString() + " in " + plan.areas());
      }
    }
    return wrong;
  }
}
