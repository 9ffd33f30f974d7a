package cn.gov.yuhuan.qyx.ops;

import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Reads from ClickHouse over plain HTTP in TabSeparated, which ClickHouse 18.16 and current
 * servers both speak (JDBC SELECTs do not work on 18.16).
 */
public final class ClickHouseQuery {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String url;
  private final String authorization;

  /** As {@code user} with {@code password} (HTTP basic authentication, which 18.16 takes). */
  public ClickHouseQuery(String url, String user, String password) {
    this.url = url;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** As the configured user ({@code clickhouse.user}, {@code clickhouse.password}). */
  public ClickHouseQuery(PipelineConfig config) {
    this(config.getString(PipelineConfig.CLICKHOUSE_URL), config.getString(PipelineConfig.CLICKHOUSE_USER),
        config.getPassword(PipelineConfig.CLICKHOUSE_PASSWORD).value());
  }

  /** Rows of the result, each a list of column values as text. */
  public List<List<String>> rows(String sql) throws IOException, InterruptedException {
    return post(sql + " FORMAT TabSeparated").lines().map(line -> Arrays.asList(line.split("\t", -1))).toList();
  }

  /** Runs a statement that returns no rows (DDL, INSERT ... SELECT). */
  public void execute(String statement) throws IOException, InterruptedException {
    post(statement);
  }

  private String post(String sql) throws IOException, InterruptedException {
    // wait_end_of_query: an error after the first rows must not arrive as a 200 with a tail.
    var request = HttpRequest.newBuilder(URI.create(url + "/?wait_end_of_query=1"))
        .header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("ClickHouse answered " + response.statusCode() + " to: " + sql + "\n" + response.body());
    }
    return response.body();
  }

  /** The single value of a one-row, one-column query. */
  public String value(String sql) throws IOException, InterruptedException {
    List<List<String>> rows = rows(sql);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new IllegalStateException("Expected one value from: " + sql + ", got " + rows);
    }
    return rows.get(0).get(0);
  }

}
