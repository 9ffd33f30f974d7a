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
 *
 * <p>In a cluster ({@link ClickHouseLayout#clustered()}) each table of the script becomes a
 * ReplicatedReplacingMergeTree {@code X_local} and a Distributed {@code X} over it, and every statement
 * runs ON CLUSTER: the DDL goes through ZooKeeper's queue, which each replica executes in order, so a
 * replica that is down catches up on its return (a DROP before the CREATE that follows it) and the
 * sink needs to know one server only. A sink starting while a replica is down waits for it: each
 * statement then times out (TIMEOUT_EXCEEDED, retried).
 */
public final class ClickHouseTables {
  private static final Logger log = LoggerFactory.getLogger(ClickHouseTables.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CREATE_TABLE =
      Pattern.compile("CREATE TABLE IF NOT EXISTS [A-Za-z0-9_]+\\.([A-Za-z0-9_]+)(?: ON CLUSTER [A-Za-z0-9_]+)?\\s*\\(");
  private static final String ENGINE = "ENGINE";
  private static final Pattern ORDER_BY = Pattern.compile("ORDER BY\\s+(\\([^)]*\\)|\\S+)");
  private static final Pattern REPLACING_ENGINE = Pattern.compile("ENGINE = ReplacingMergeTree\\(([^)]*)\\)");
  private static final Pattern CREATE_VIEW = Pattern.compile("CREATE VIEW IF NOT EXISTS [A-Za-z0-9_.]+");
  private static final String CREATE_DATABASE = "CREATE DATABASE IF NOT EXISTS ";
  private static final String DROP_TABLE = "DROP TABLE IF EXISTS ";
  private static final String DISTRIBUTED = "Distributed";

  private ClickHouseTables() {}

  /** The DDL statements for database {@code db} on one server, in order. */
  public static List<String> statements(String db) {
    return statements(ClickHouseLayout.single(db));
  }

  /** The DDL statements of {@code layout}, in order. */
  public static List<String> statements(ClickHouseLayout layout) {
    String db = layout.database();
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
    List<String> statements = Arrays.stream(withoutComments.split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.replace("{db}", db))
        .toList();
    return layout.clustered() ? statements.stream().flatMap(s -> clustered(s, layout).stream()).toList() : statements;
  }

  /**
   * The cluster form of one statement of the script: a table becomes its replicated {@code X_local}
   * (kept in ZooKeeper under /clickhouse/tables/{shard}/db/X, each replica under its {replica} macro)
   * and a Distributed {@code X} with the same columns, declared rather than {@code AS X_local} so that
   * its columns can be compared like any table's; everything runs ON CLUSTER. 18.16 runs CREATE
   * DATABASE, CREATE TABLE, DROP TABLE and CREATE VIEW ON CLUSTER (checked on 18.16.1).
   */
  static List<String> clustered(String ddl, ClickHouseLayout layout) {
    String db = layout.database();
    String on = layout.onCluster();
    Matcher table = CREATE_TABLE.matcher(ddl);
    if (table.lookingAt()) {
      String name = table.group(1);
      String columns = ddl.substring(table.end() - 1, ddl.lastIndexOf(ENGINE)).strip();
      Matcher engine = REPLACING_ENGINE.matcher(ddl);
      if (!engine.find()) {
        throw new IllegalStateException("schema.sql: " + db + "." + name + " is not a ReplacingMergeTree, which is all the cluster layout replicates");
      }
      String version = engine.group(1).strip();
      String local = name + ClickHouseLayout.LOCAL_SUFFIX;
      return List.of(
          "CREATE TABLE IF NOT EXISTS " + db + "." + local + on + "\n" + columns + "\nENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/"
              + db + "/" + name + "', '{replica}'" + (version.isEmpty() ? "" : ", " + version) + ")" + ddl.substring(engine.end()),
          "CREATE TABLE IF NOT EXISTS " + db + "." + name + on + "\n" + columns + "\nENGINE = Distributed(" + layout.cluster() + ", " + db + ", "
              + local + ")");
    }
    Matcher view = CREATE_VIEW.matcher(ddl);
    if (view.lookingAt()) {
      return List.of(view.group() + on + ddl.substring(view.end()));
    }
    if (ddl.startsWith(CREATE_DATABASE) || ddl.startsWith(DROP_TABLE)) {
      return List.of(ddl + on);
    }
    throw new IllegalStateException("schema.sql: no cluster form for the statement starting " + ddl.lines().findFirst().orElse(ddl)
        + "; ClickHouseTables.clustered knows CREATE DATABASE, CREATE TABLE, DROP TABLE and CREATE VIEW");
  }

  /** Runs the script on one server; {@code query} reads which columns the existing tables have. */
  public static void create(Connection connection, ClickHouseQuery query, String db)
      throws SQLException, IOException, InterruptedException {
    create(connection, query, ClickHouseLayout.single(db));
  }

  /** Runs the script of {@code layout}; {@code query} reads which columns the existing tables have. */
  public static void create(Connection connection, ClickHouseQuery query, ClickHouseLayout layout)
      throws SQLException, IOException, InterruptedException {
    String db = layout.database();
    // Every existing table's columns in one round trip, before anything is created.
    Set<String> existing = new HashSet<>();
    for (List<String> row : query.rows("SELECT table, name FROM system.columns WHERE database = '" + db + "'")) {
      existing.add(row.get(0) + "." + row.get(1));
    }
    checkTables(query, layout);
    try (Statement statement = connection.createStatement()) {
      for (String ddl : statements(layout)) {
        Matcher table = CREATE_TABLE.matcher(ddl);
        if (!table.lookingAt()) {
          statement.execute(ddl);
          continue;
        }
        String name = table.group(1);
        if (existing.stream().noneMatch(c -> c.startsWith(name + "."))) {
          statement.execute(ddl);
          continue;
        }
        // It exists (on a cluster: it was created ON CLUSTER, so on every replica): only columns to add.
        List<String[]> missing = declaredColumns(ddl).stream().filter(c -> !existing.contains(name + "." + c[0])).toList();
        if (missing.isEmpty()) {
          continue;
        }
        if (layout.clustered() && !name.endsWith(ClickHouseLayout.LOCAL_SUFFIX)) {
          // 18.16 refuses ALTER ... ON CLUSTER of a Distributed table when the cluster's shard has
          // internal_replication ("Table X isn't replicated, but shard #1 is replicated according to its
          // cluster definition"). A Distributed table holds no rows (the sink writes X_local), so it is
          // created again, on every replica, with the columns of X_local.
          statement.execute(DROP_TABLE + db + "." + name + layout.onCluster());
          statement.execute(ddl);
          log.info("Recreated table=[{}.{}] with columns=[{}]", db, name, missing.stream().map(c -> c[0]).toList());
        } else {
          addMissingColumns(statement, existing, layout, name, declaredColumns(ddl));
        }
      }
    }
  }

  /**
   * Adds each declared column that {@code existing} ({@code table.column}) lacks, after the one declared
   * before it. On a replicated table, ALTER ... ON CLUSTER runs on one replica and the replication log
   * brings it to the other.
   */
  private static void addMissingColumns(Statement statement, Set<String> existing, ClickHouseLayout layout, String table, List<String[]> declared)
      throws SQLException {
    String previous = null;
    for (String[] column : declared) {
      if (!existing.contains(table + "." + column[0])) {
        statement.execute("ALTER TABLE " + layout.database() + "." + table + layout.onCluster() + " ADD COLUMN " + column[0] + " " + column[1]
            + (previous == null ? "" : " AFTER " + previous));
        log.info("Added column=[{}] table=[{}.{}]", column[0], layout.database(), table);
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
   * its rows would be folded by the wrong key. Nor can a table of the other layout (a single server's
   * ReplacingMergeTree where a cluster keeps a Distributed table, or the reverse). Every such table is
   * derived from the topics, so the remedy is to land them again, and the sink refuses to start until
   * that is done. In a cluster the key is the replicated {@code X_local}'s.
   */
  static void checkTables(ClickHouseQuery query, ClickHouseLayout layout) throws IOException, InterruptedException {
    String db = layout.database();
    Map<String, String> sortingKeys = new HashMap<>();
    Map<String, String> engines = new HashMap<>();
    for (List<String> row : query.rows("SELECT name, sorting_key, engine FROM system.tables WHERE database = '" + db + "'")) {
      sortingKeys.put(row.get(0), row.get(1));
      engines.put(row.get(0), row.get(2));
    }
    List<String> mismatched = new ArrayList<>();
    for (String ddl : statements(layout)) {
      Matcher table = CREATE_TABLE.matcher(ddl);
      if (!table.lookingAt() || !engines.containsKey(table.group(1))) {
        continue;
      }
      String name = table.group(1);
      boolean distributed = engines.get(name).equals(DISTRIBUTED);
      Matcher orderBy = ORDER_BY.matcher(ddl);
      if (orderBy.find()) {
        String declared = orderBy.group(1).replaceAll("[()\\s]", "");
        String found = sortingKeys.get(name).replaceAll("[()\\s]", "");
        if (distributed) {
          mismatched.add(db + "." + name + " is a Distributed table where " + describe(layout) + " keeps its rows");
        } else if (!declared.equals(found)) {
          mismatched.add(db + "." + name + " is kept by (" + sortingKeys.get(name) + ") where this version keeps it by ("
              + declared.replace(",", ", ") + ")");
        }
      } else if (!distributed) {
        mismatched.add(db + "." + name + " is a " + engines.get(name) + " table where " + describe(layout) + " reads a Distributed one");
      }
    }
    if (!mismatched.isEmpty()) {
      throw new IllegalStateException("ClickHouse tables from an earlier version or another layout: " + String.join("; ", mismatched)
          + ". Their rows are derived: stop the apps and run ./qyx rebuild, which lands them again in this version's tables.");
    }
  }

  private static String describe(ClickHouseLayout layout) {
    return layout.clustered() ? "clickhouse.cluster=" + layout.cluster() : "a single server (clickhouse.cluster empty)";
  }
}
