package cn.gov.yuhuan.qyx.ops.chaos;

import cn.gov.yuhuan.qyx.notify.SentLedger;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.ops.OffsetAccounting;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What must hold after faults, once everything has landed: nothing lost, nothing doubled. Offset by
 * offset in Kafka (read committed), row by row in ClickHouse, indicator by indicator against what
 * the simulation sent, notice by notice against the notifier's ledger. Each check prints one line
 * with its figures; {@link #run} says whether all held.
 */
public final class ChaosChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN = 10;

  private final PipelineConfig config;
  private final ClickHouseQuery clickhouse;
  private final String database;
  private final PrintStream out;

  public ChaosChecks(PipelineConfig config, PrintStream out) {
    this.config = config;
    this.clickhouse = new ClickHouseQuery(config);
    this.database = config.getString(PipelineConfig.CLICKHOUSE_DATABASE);
    this.out = out;
  }

  /**
   * Every check; {@code expected} is what {@code ./qyx simulate --expected} wrote for
   * {@code planYear}, {@code inbox} the webhook inbox's file.
   *
   * @return whether every check held
   */
  public boolean run(Path expected, int planYear, Path inbox) throws IOException, InterruptedException {
    boolean exact = exactlyOnceInKafka();
    boolean landed = eachReportLandedOnce();
    boolean totals = totalsAsSent(expected, planYear);
    boolean notices = noticesSentOnce(inbox);
    return exact && landed && totals && notices;
  }

  /** Every record of the event log came out of the streams app once, read committed. */
  boolean exactlyOnceInKafka() {
    var accounting = OffsetAccounting.check(config.kafka(), new Topics(new RegistryAvroSerdes(config.getString(PipelineConfig.SCHEMA_REGISTRY_URL))));
    return print(accounting.exact(), "Kafka, offset by offset: " + accounting);
  }

  /** Every report of the event log is in exactly one of progress_events and rejected_events. */
  boolean eachReportLandedOnce() throws IOException, InterruptedException {
    Set<Long> reports = OffsetAccounting.reportsOfEventLog(config.kafka());
    Set<Long> accepted = places("SELECT source_partition, source_offset FROM " + database + ".progress_events FINAL");
    Set<Long> rejected = places("SELECT source_partition, source_offset FROM " + database + ".rejected_events FINAL WHERE source_topic = '"
        + Topics.PROGRESS_REPORTS + "'");
    Set<Long> inBoth = new HashSet<>(accepted);
    inBoth.retainAll(rejected);
    Set<Long> missing = new HashSet<>(reports);
    missing.removeAll(accepted);
    missing.removeAll(rejected);
    Set<Long> unknown = new HashSet<>(accepted);
    unknown.addAll(rejected);
    unknown.removeAll(reports);
    long rowsLanded = Long.parseLong(clickhouse.value("SELECT count() FROM " + database + ".progress_events"))
        + Long.parseLong(clickhouse.value("SELECT count() FROM " + database + ".rejected_events WHERE source_topic = '" + Topics.PROGRESS_REPORTS + "'"));
    return print(inBoth.isEmpty() && missing.isEmpty() && unknown.isEmpty(), String.format(
        "ClickHouse, row by row: %,d reports in the event log; %,d in progress_events, %,d in rejected_events; missing %,d%s, in both %,d%s, "
            + "from nowhere %,d%s (%,d rows before FINAL, which folds a batch landed again after a sink was killed)",
        reports.size(), accepted.size(), rejected.size(), missing.size(), shown(missing), inBoth.size(), shown(inBoth),
        unknown.size(), shown(unknown), rowsLanded));
  }

  /** Every indicator's actual is what the simulation sent adds up to. */
  boolean totalsAsSent(Path expectedFile, int planYear) throws IOException, InterruptedException {
    Map<String, BigDecimal> expected = new TreeMap<>();
    for (String line : Files.readAllLines(expectedFile)) {
      String[] fields = line.split("\t");
      expected.put(fields[0], new BigDecimal(fields[1]));
    }
    Map<String, BigDecimal> landed = new HashMap<>();
    for (List<String> row : clickhouse.rows("SELECT indicator_id, actual FROM " + database + ".indicator_progress FINAL WHERE plan_year = " + planYear)) {
      landed.put(row.get(0), new BigDecimal(row.get(1)));
    }
    Set<String> wrong = new TreeSet<>();
    expected.forEach((id, actual) -> {
      BigDecimal got = landed.get(id);
      if (got == null || got.compareTo(actual) != 0) {
        wrong.add(id + " (expected " + actual.toPlainString() + ", landed " + (got == null ? "nothing" : got.toPlainString()) + ")");
      }
    });
    return print(wrong.isEmpty(), String.format("Totals: %d indicators of %d reported, each actual as the simulation sent it; wrong %d%s",
        expected.size(), planYear, wrong.size(), wrong.isEmpty() ? "" : " " + wrong.stream().limit(SHOWN).toList()));
  }

  /** No notice reached the webhook twice, and the notifier's ledger names exactly those it reached. */
  public boolean noticesSentOnce(Path inbox) throws IOException {
    Map<String, Integer> received = new TreeMap<>();
    int digests = 0;
    if (Files.exists(inbox)) {
      for (String line : Files.readAllLines(inbox, StandardCharsets.UTF_8)) {
        digests++;
        for (JsonNode notice : JSON.readTree(line).path("notices")) {
          received.merge(notice.path("notice_id").asText(), 1, Integer::sum);
        }
      }
    }
    List<String> twice = received.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " ×" + e.getValue()).toList();
    Set<String> ledger = SentLedger.read(config.kafka()).ids();
    Set<String> notInLedger = new TreeSet<>(received.keySet());
    notInLedger.removeAll(ledger);
    Set<String> notReceived = new TreeSet<>(ledger);
    notReceived.removeAll(received.keySet());
    return print(!received.isEmpty() && twice.isEmpty() && notInLedger.isEmpty() && notReceived.isEmpty(), String.format(
        "Notices: %,d received in %,d digests; twice %d%s; the ledger has %,d, received but not in it %d%s, in it but not received %d%s",
        received.size(), digests, twice.size(), twice.isEmpty() ? "" : " " + twice.stream().limit(SHOWN).toList(), ledger.size(),
        notInLedger.size(), shownText(notInLedger), notReceived.size(), shownText(notReceived)));
  }

  private Set<Long> places(String sql) throws IOException, InterruptedException {
    Set<Long> places = new HashSet<>();
    for (List<String> row : clickhouse.rows(sql)) {
      places.add(OffsetAccounting.place(Integer.parseInt(row.get(0)), Long.parseLong(row.get(1))));
    }
    return places;
  }

  private boolean print(boolean held, String line) {
    out.println("   " + (held ? "ok    " : "FAILED") + " " + line);
    return held;
  }

  private static String shown(Set<Long> places) {
    return places.isEmpty() ? "" : " " + places.stream().sorted().limit(SHOWN).map(OffsetAccounting::describe).toList();
  }

  private static String shownText(Set<String> ids) {
    return ids.isEmpty() ? "" : " " + ids.stream().limit(SHOWN).toList();
  }
}
