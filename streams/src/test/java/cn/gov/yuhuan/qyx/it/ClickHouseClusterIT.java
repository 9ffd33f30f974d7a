package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.sink.ClickHouseLayout;
import cn.gov.yuhuan.qyx.sink.ClickHouseSink;
import cn.gov.yuhuan.qyx.sink.ClickHouseTables;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysts' schema on the cluster layout's real ClickHouse (two 18.16 replicas and ZooKeeper, as
 * infra/stack.sh runs them with QYX_CLUSTER=1): created ON CLUSTER through one server, landed into
 * that server's replicated tables, read through the Distributed tables of either. Each test has a
 * database of its own. The apps on this layout end to end: ./qyx demo and the cluster chaos suite.
 */
class ClickHouseClusterIT {
  /** The cluster stack.sh names in <remote_servers> (CH_CLUSTER) and writes to stack.properties. */
  private static final String CLUSTER = "qyx";

  private static LocalStack stack;
  private static ClickHouseQuery one;
  private static ClickHouseQuery two;

  @BeforeAll
  static void start() throws Exception {
    stack = LocalStack.startClickHouseCluster("clickhouse-cluster");
    one = stack.clickhouseNode(1);
    two = stack.clickhouseNode(2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldServeWhatTheSinkLandedOnOneReplicaThroughTheDistributedTableOfEither() throws Exception {
    ClickHouseLayout layout = create("landed");
    try (Connection connection = connect(layout); Statement statement = connection.createStatement()) {
      // A row, the same key again with a higher version (folds by FINAL), and another key.
      statement.execute("INSERT INTO " + layout.insertTarget("units") + " (unit_code, name, version, landed_at) VALUES "
          + "('u1', 'one', 1, now()), ('u1', 'one again', 2, now()), ('u2', 'two', 1, now())");
    }
    two.execute("SYSTEM SYNC REPLICA landed.units_local");

    List<List<String>> expected = List.of(List.of("u1", "one again"), List.of("u2", "two"));
    assertThat(one.rows("SELECT unit_code, name FROM landed.units FINAL ORDER BY unit_code")).isEqualTo(expected);
    assertThat(two.rows("SELECT unit_code, name FROM landed.units FINAL ORDER BY unit_code")).isEqualTo(expected);
    assertThat(two.rows("SELECT unit_code, name FROM landed.units_local FINAL ORDER BY unit_code")).isEqualTo(expected);
    // The views exist on both replicas, reading the Distributed tables.
    assertThat(two.value("SELECT count() FROM landed.plan_indicators")).isEqualTo("0");
  }

  @Test
  void shouldAddAMissingColumnToTheReplicatedAndTheDistributedTableOnBothReplicas() throws Exception {
    ClickHouseLayout layout = create("upgraded");
    // An earlier version without flags: its replicated table, and a Distributed table over it.
    one.execute("ALTER TABLE upgraded.indicator_progress_local ON CLUSTER qyx DROP COLUMN flags");
    one.execute("DROP TABLE upgraded.indicator_progress ON CLUSTER qyx");
    one.execute("CREATE TABLE upgraded.indicator_progress ON CLUSTER qyx AS upgraded.indicator_progress_local "
        + "ENGINE = Distributed(qyx, upgraded, indicator_progress_local)");

    try (Connection connection = connect(layout)) {
      ClickHouseTables.create(connection, one, layout);
    }

    String columns = "SELECT table, arrayStringConcat(groupArray(name), ',') FROM system.columns WHERE database = 'upgraded' "
        + "AND table LIKE 'indicator_progress%' GROUP BY table ORDER BY table";
    for (ClickHouseQuery replica : List.of(one, two)) {
      List<List<String>> tables = replica.rows(columns);
      assertThat(tables).extracting(t -> t.get(0)).containsExactly("indicator_progress", "indicator_progress_local");
      assertThat(tables).allSatisfy(t -> assertThat(t.get(1)).contains(",latest_period,flags,previous,year_ago,version,"));
    }
  }

  @Test
  void shouldRefuseReplicatedTablesKeptByAnotherKeyOrTablesOfTheOtherLayout() throws Exception {
    ClickHouseLayout layout = create("rekeyed");
    one.execute("DROP TABLE rekeyed.areas_local ON CLUSTER qyx");
    one.execute("CREATE TABLE rekeyed.areas_local ON CLUSTER qyx (area_code String, name String, level String, version UInt64, "
        + "landed_at DateTime) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/rekeyed/areas-by-level', '{replica}', version) "
        + "ORDER BY (area_code, level)");

    try (Connection connection = connect(layout)) {
      assertThatThrownBy(() -> ClickHouseTables.create(connection, one, layout))
          .hasMessageContaining("rekeyed.areas_local is kept by (area_code, level) where this version keeps it by (area_code)")
          .hasMessageContaining("./qyx rebuild");
      ClickHouseLayout single = ClickHouseLayout.single("rekeyed");
      assertThatThrownBy(() -> ClickHouseTables.create(connection, one, single))
          .hasMessageContaining("rekeyed.units is a Distributed table where a single server (clickhouse.cluster empty) keeps its rows");
    }
  }

  @Test
  void shouldDropEveryReplicaWithItsZooKeeperPathSoThatTheTablesCanBeCreatedAgain() throws Exception {
    ClickHouseLayout layout = create("rebuilt");
    assertThat(one.rows("SELECT name FROM system.zookeeper WHERE path = '/clickhouse/tables/01/rebuilt/units/replicas' ORDER BY name"))
        .containsExactly(List.of("clickhouse-1"), List.of("clickhouse-2"));

    // What ./qyx rebuild (Rebuild.forgetDerived) runs.
    try (Connection connection = connect(layout); Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS rebuilt" + layout.onCluster());
    }

    assertThat(one.rows("SELECT name FROM system.zookeeper WHERE path = '/clickhouse/tables/01/rebuilt'")).isEmpty();
    assertThat(two.value("SELECT count() FROM system.databases WHERE name = 'rebuilt'")).isEqualTo("0");
    create("rebuilt"); // a stale replica path would fail it: "Replica ... already exists"
    String tables = String.valueOf(ClickHouseTables.statements(ClickHouseLayout.single("rebuilt")).stream()
        .filter(ddl -> ddl.startsWith("CREATE TABLE")).count());
    assertThat(two.value("SELECT count() FROM system.tables WHERE database = 'rebuilt' AND engine = 'ReplicatedReplacingMergeTree'"))
        .as("every table of schema.sql replicated again on the second replica").isEqualTo(tables);
    assertThat(one.value("SELECT count() FROM system.tables WHERE database = 'rebuilt' AND engine = 'Distributed'"))
        .as("and a Distributed table over each on the first").isEqualTo(tables);
  }

  /** The schema in database {@code db} of the cluster, through server 1, as the sink creates it. */
  private static ClickHouseLayout create(String db) throws Exception {
    ClickHouseLayout layout = new ClickHouseLayout(db, CLUSTER);
    try (Connection connection = connect(layout)) {
      ClickHouseTables.create(connection, one, layout);
    }
    return layout;
  }

  private static Connection connect(ClickHouseLayout layout) throws Exception {
    return ClickHouseSink.connect(new PipelineConfig(Map.of(
        PipelineConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9", // not used: ClickHouse alone
        PipelineConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:9",
        PipelineConfig.CLICKHOUSE_URL, stack.clickhouseNodeUrl(1),
        PipelineConfig.CLICKHOUSE_USER, "qyx_sink",
        PipelineConfig.CLICKHOUSE_PASSWORD, stack.clickhouseSinkPassword(),
        PipelineConfig.CLICKHOUSE_DATABASE, layout.database(),
        PipelineConfig.CLICKHOUSE_CLUSTER, layout.cluster())));
  }
}
