package cn.gov.yuhuan.qyx.sink;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analysts' tables: created from {@code clickhouse/schema.sql} when missing, and a column the
 * script declares but an existing table lacks is added (ClickHouse 18.16 has no ADD COLUMN IF NOT
 * EXISTS, so the table's columns are read first): an upgrade keeps the rows it has, and old rows
 * read the new column's default until they are landed again.
 */
public final class ClickHouseTables {
  private static final Logger log = LoggerFactory.getLogger(ClickHouseTables.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS [A-Za-z0-9_]+\\.([A-Za-z0-9_]+)\\s*\\(");
  private static final String ENGINE = "ENGINE";
  private static final Pattern ORDER_BY = Pattern.compile("ORDER BY\\s+(\\([^)]*\\)|\\S+)");

  private ClickHouseTables() {}

  /** The DDL statements for database {@code db}, in order. */
  public static List<String> statements(String db) {
    if (!DATABASE_NAME.matcher(db).matches()) {
      throw new IllegalArgumentException("clickhouse.database must be a plain identifier, got: " + db);
    }
    String script;
    try (InputStream in = ClickHouseTables.class.getResourceAsStream("/clickhouse/schema.sql")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String withoutComments = script.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
    return Arrays.stream(withoutComments.split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.replace("{db}", db))
        .toList();
  }

  /** Runs the script; {@code query} reads which columns the existing tables have. */
  public static void create(Connection connection, ClickHouseQuery query, String db)
      throws SQLException, IOException, InterruptedException {
    // Every existing table's columns in one round trip, before anything is created.
    Set<String> existing = new HashSet<>();
    for (List<String> row : query.rows("SELECT table, name FROM system.columns WHERE database = '" + db + "'")) {
      existing.add(row.get(0) + "." + row.get(1));
    }
    checkSortingKeys(query, db);
    try (Statement statement = connection.createStatement()) {
      for (String ddl : statements(db)) {
        statement.execute(ddl);
        Matcher table = CREATE_TABLE.matcher(ddl);
        if (table.lookingAt() && existing.stream().anyMatch(c -> c.startsWith(table.group(1) + "."))) {
          addMissingColumns(statement, existing, db, table.group(1), declaredColumns(ddl));
        }
      }
    }
  }

  /** Adds each declared column that {@code existing} ({@code table.column}) lacks, after the one declared before it. */
  private static void addMissingColumns(Statement statement, Set<String> existing, String db, String table, List<String[]> declared)
      throws SQLException {
    String previous = null;
    for (String[] column : declared) {
      if (!existing.contains(table + "." + column[0])) {
        statement.execute("ALTER TABLE " + db + "." + table + " ADD COLUMN " + column[0] + " " + column[1]
            + (previous == null ? "" : " AFTER " + previous));
        log.info("Added column=[{}] table=[{}.{}]", column[0], db, table);
      }
      previous = column[0];
    }
  }

  /** {name, type} of each column of a CREATE TABLE, in order: one per line between the parentheses. */
  static List<String[]> declaredColumns(String ddl) {
    String body = ddl.substring(ddl.indexOf('(') + 1, ddl.lastIndexOf(ENGINE));
    body = body.substring(0, body.lastIndexOf(')'));
    List<String[]> columns = new ArrayList<>();
    for (String line : body.split("\n")) {
      String column = line.strip();
      if (column.endsWith(",")) {
        column = column.substring(0, column.length() - 1).strip();
      }
      if (!column.isEmpty()) {
        columns.add(column.split("\\s+", 2));
      }
    }
    return columns;
  }

  /**
   * A table whose rows are keyed differently from what this version declares (its ORDER BY, by
   * which ReplacingMergeTree keeps one row per key) cannot be altered into shape in ClickHouse 18.16:
   * its rows would be folded by the wrong key. Every such table is derived from the topics, so the
   * remedy is to land them again, and the sink refuses to start until that is done.
   */
  static void checkSortingKeys(ClickHouseQuery query, String db) throws IOException, InterruptedException {
    Map<String, String> actual = new HashMap<>();
    for (List<String> row : query.rows("SELECT name, sorting_key FROM system.tables WHERE database = '" + db + "'")) {
      actual.put(row.get(0), row.get(1));
    }
    List<String> mismatched = new ArrayList<>();
    for (String ddl : statements(db)) {
      Matcher table = CREATE_TABLE.matcher(ddl);
      Matcher orderBy = ORDER_BY.matcher(ddl);
      if (table.lookingAt() && orderBy.find() && actual.containsKey(table.group(1))) {
        String declared = orderBy.group(1).replaceAll("[()\\s]", "");
        String found = actual.get(table.group(1)).replaceAll("[()\\s]", "");
        if (!declared.equals(found)) {
          mismatched.add(db + "." + table.group(1) + " is kept by (" + actual.get(table.group(1)) + ") where this version keeps it by ("
              + declared.replace(",", ", ") + ")");
        }
      }
    }
    if (!mismatched.isEmpty()) {
      throw new IllegalStateException("ClickHouse tables from an earlier version: " + String.join("; ", mismatched)
          + ". Their rows are derived: stop the apps and run ./qyx rebuild, which lands them again in this version's tables.");
    }
  }
}
