package cn.gov.yuhuan.qyx.ops.chaos;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.sink.ClickHouseLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every table of the pipeline's database as its facts, to compare a stack that went through faults
 * with the same stack rebuilt from its event log: each table read {@code FINAL}, without the
 * columns that say when or from which offset of a derived topic a row landed (a rebuild writes the
 * derived topics anew), one line per row, sorted. Views are left out: they read the tables.
 */
public final class TableSnapshot {
  /** Columns that differ between two landings of the same facts. */
  private static final Set<String> LANDING_COLUMNS = Set.of("landed_at", "version", "dead_letter_partition", "dead_letter_offset");
  private static final int SHOWN = 5;

  private final Map<String, List<String>> tables;

  private TableSnapshot(Map<String, List<String>> tables) {
    this.tables = tables;
  }

  /**
   * Reads every table of the layout's database: on one server its MergeTree tables, in a cluster the
   * Distributed tables over them (the names analysts read; FINAL reaches the replicated tables
   * underneath), so both layouts give the same snapshot of the same facts.
   */
  public static TableSnapshot take(ClickHouseQuery clickhouse, ClickHouseLayout layout) throws IOException, InterruptedException {
    String database = layout.database();
    String engine = layout.clustered() ? "engine = 'Distributed'" : "engine LIKE '%MergeTree'";
    Map<String, List<String>> tables = new TreeMap<>();
    for (List<String> table : clickhouse.rows("SELECT name FROM system.tables WHERE database = '" + database + "' AND " + engine)) {
      String name = table.get(0);
      List<String> columns = new ArrayList<>();
      for (List<String> column : clickhouse.rows("SELECT name FROM system.columns WHERE database = '" + database + "' AND table = '" + name + "'")) {
        if (!LANDING_COLUMNS.contains(column.get(0))) {
          columns.add(column.get(0));
        }
      }
      List<String> rows = new ArrayList<>();
      for (List<String> row : clickhouse.rows("SELECT " + String.join(", ", columns) + " FROM " + database + "." + name + " FINAL")) {
        rows.add(String.join("\t", row));
      }
      rows.sort(null);
      tables.put(name, rows);
    }
    return new TableSnapshot(tables);
  }

  /** One line per row, each starting with its table's name. */
  public void write(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    tables.forEach((table, rows) -> rows.forEach(row -> lines.add(table + "\t" + row)));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** What {@link #write} wrote. */
  public static TableSnapshot read(Path file) throws IOException {
    Map<String, List<String>> tables = new TreeMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      tables.computeIfAbsent(line.substring(0, tab), t -> new ArrayList<>()).add(line.substring(tab + 1));
    }
    return new TableSnapshot(tables);
  }

  /** Rows per table. */
  public Map<String, Integer> sizes() {
    Map<String, Integer> sizes = new TreeMap<>();
    tables.forEach((table, rows) -> sizes.put(table, rows.size()));
    return sizes;
  }

  /** Where {@code other} differs from this, table by table ("-" rows only here, "+" only there); empty if nowhere. */
  public List<String> differences(TableSnapshot other) {
    List<String> differences = new ArrayList<>();
    Set<String> names = new TreeSet<>(tables.keySet());
    names.addAll(other.tables.keySet());
    for (String table : names) {
      Map<String, Integer> count = new HashMap<>();
      tables.getOrDefault(table, List.of()).forEach(row -> count.merge(row, 1, Integer::sum));
      other.tables.getOrDefault(table, List.of()).forEach(row -> count.merge(row, -1, Integer::sum));
      List<String> only = count.entrySet().stream().filter(e -> e.getValue() != 0)
          .map(e -> (e.getValue() > 0 ? "- " : "+ ") + e.getKey()).sorted().toList();
      if (!only.isEmpty()) {
        differences.add(table + ": " + only.size() + " rows differ, e.g. " + String.join(" | ", only.subList(0, Math.min(SHOWN, only.size()))));
      }
    }
    return differences;
  }
}
