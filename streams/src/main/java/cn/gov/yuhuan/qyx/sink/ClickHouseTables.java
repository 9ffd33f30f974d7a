package cn.gov.yuhuan.qyx.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The analysts' tables: created from {@code clickhouse/schema.sql} when missing. */
public final class ClickHouseTables {
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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

  public static void create(Connection connection, String db) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : statements(db)) {
        statement.execute(ddl);
      }
    }
  }
}
