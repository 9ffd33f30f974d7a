package cn.gov.yuhuan.qyx.sink;

import cn.gov.yuhuan.qyx.ops.Unanswered;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;

/**
 * Sorts ClickHouse failures into retriable and fatal, in one place. A retriable failure is worth
 * another attempt with the same rows (the server or the network was briefly unable); a fatal one
 * will fail the same way again (bad SQL, a missing table) and stops the sink with its message.
 */
public final class ClickHouseErrors {
  /** Server error codes that say "try again later", with the server's own names. */
  private static final Map<Integer, String> RETRIABLE_CODES =
      Map.ofEntries(
          Map.entry(159, "TIMEOUT_EXCEEDED"),
          Map.entry(164, "READONLY"),
          Map.entry(202, "TOO_MANY_SIMULTANEOUS_QUERIES"),
          Map.entry(203, "NO_FREE_CONNECTION"),
          Map.entry(209, "SOCKET_TIMEOUT"),
          Map.entry(210, "NETWORK_ERROR"),
          Map.entry(241, "MEMORY_LIMIT_EXCEEDED"),
          Map.entry(242, "TABLE_IS_READ_ONLY"),
          Map.entry(252, "TOO_MANY_PARTS"),
          Map.entry(319, "UNKNOWN_STATUS_OF_INSERT"),
          Map.entry(425, "SYSTEM_ERROR"),
          Map.entry(999, "KEEPER_EXCEPTION"));

  private ClickHouseErrors() {}

  /**
   * A statement ON CLUSTER that one replica failed ("There was an error on [host:port]") because a
   * table did not exist yet or already did there: with two sinks creating the same tables at once, a
   * race between their statements, not a fault of the SQL (which fails with any other error).
   */
  public static boolean isClusterDdlRace(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof SQLException && message.contains("There was an error on [")
          && (message.contains("doesn't exist") || message.contains("already exists"))) {
        return true;
      }
    }
    return false;
  }

  public static boolean isRetriable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException || Unanswered.is(t)) {
        return true; // connection refused, reset or timed out: the server (or the registry) may be restarting
      }
      if (t instanceof SQLException sql && RETRIABLE_CODES.containsKey(sql.getErrorCode())) {
        return true;
      }
      String name = t.getClass().getSimpleName();
      if (name.equals("ConnectionInitiationException") || name.equals("ClientException") && String.valueOf(t.getMessage()).contains("connect")) {
        return true; // client-v2 wraps connection failures in its own types
      }
    }
    return false;
  }
}
