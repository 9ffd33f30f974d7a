package cn.gov.yuhuan.qyx.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The DDL of both layouts, as generated from schema.sql (run on a real 18.16 by ClickHouseTablesIT and ./qyx demo). */
class ClickHouseTablesTest {
  private static final ClickHouseLayout SINGLE = ClickHouseLayout.single("qyx");
  private static final ClickHouseLayout CLUSTER = new ClickHouseLayout("qyx", "qyx");

  @Test
  void shouldLeaveTheSingleServerScriptWithoutReplicasOrDistributedTables() {
    List<String> single = ClickHouseTables.statements(SINGLE);

    assertThat(single).isEqualTo(ClickHouseTables.statements("qyx"));
    assertThat(single).noneMatch(s -> s.contains("ON CLUSTER") || s.contains("Replicated") || s.contains("Distributed") || s.contains("_local"));
    assertThat(statement(single, "CREATE TABLE IF NOT EXISTS qyx.indicator_progress\n")).contains("ENGINE = ReplacingMergeTree(version)");
  }

  @Test
  void shouldCreateEachTableAsAReplicatedLocalTableAndADistributedTableOverIt() {
    List<String> cluster = ClickHouseTables.statements(CLUSTER);

    String local = statement(cluster, "CREATE TABLE IF NOT EXISTS qyx.indicator_progress_local ON CLUSTER qyx\n");
    assertThat(local)
        .contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/qyx/indicator_progress', '{replica}', version)")
        .endsWith("ORDER BY (indicator_id, plan_year)"); // the sorting key as on one server
    String distributed = statement(cluster, "CREATE TABLE IF NOT EXISTS qyx.indicator_progress ON CLUSTER qyx\n");
    assertThat(distributed).endsWith("ENGINE = Distributed(qyx, qyx, indicator_progress_local)");
    // Declared, not AS ..._local: the sink compares a Distributed table's columns like any table's.
    assertThat(ClickHouseTables.declaredColumns(distributed)).usingRecursiveComparison()
        .isEqualTo(ClickHouseTables.declaredColumns(local))
        .isEqualTo(ClickHouseTables.declaredColumns(statement(ClickHouseTables.statements(SINGLE), "CREATE TABLE IF NOT EXISTS qyx.indicator_progress\n")));
    // The local table first: on each replica the queue runs them in this order.
    assertThat(cluster.indexOf(local)).isLessThan(cluster.indexOf(distributed));
  }

  @Test
  void shouldReplicateATableWithoutVersionWithoutOne() {
    String local = statement(ClickHouseTables.statements(CLUSTER), "CREATE TABLE IF NOT EXISTS qyx.progress_events_local ON CLUSTER qyx\n");

    assertThat(local).contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/qyx/progress_events', '{replica}')\n");
  }

  @Test
  void shouldRunEveryStatementOnClusterAndKeepTheViewsOnTheUnsuffixedNames() {
    List<String> single = ClickHouseTables.statements(SINGLE);
    List<String> cluster = ClickHouseTables.statements(CLUSTER);
    long tables = single.stream().filter(s -> s.startsWith("CREATE TABLE")).count();

    assertThat(cluster).hasSize(single.size() + (int) tables).allMatch(s -> s.contains(" ON CLUSTER qyx"));
    assertThat(cluster).contains("CREATE DATABASE IF NOT EXISTS qyx ON CLUSTER qyx", "DROP TABLE IF EXISTS qyx.data_values ON CLUSTER qyx");
    String view = statement(cluster, "CREATE VIEW IF NOT EXISTS qyx.data_values ON CLUSTER qyx AS\n");
    assertThat(view).contains("FROM qyx.progress_events FINAL").doesNotContain("_local");
  }

  @Test
  void shouldRefuseAStatementWithoutAClusterForm() {
    assertThatThrownBy(() -> ClickHouseTables.clustered("CREATE TABLE IF NOT EXISTS qyx.t\n(\n    k String\n)\nENGINE = MergeTree()\nORDER BY k", CLUSTER))
        .hasMessageContaining("qyx.t is not a ReplacingMergeTree");
    assertThatThrownBy(() -> ClickHouseTables.clustered("ALTER TABLE qyx.t DELETE WHERE 1", CLUSTER))
        .hasMessageContaining("no cluster form for the statement starting ALTER TABLE qyx.t");
  }

  @Test
  void shouldInsertIntoTheReplicatedTableOfTheConnectedServerInACluster() {
    assertThat(SINGLE.insertTarget("alerts")).isEqualTo("qyx.alerts");
    assertThat(CLUSTER.insertTarget("alerts")).isEqualTo("qyx.alerts_local");
    assertThat(SINGLE.onCluster()).isEmpty();
  }

  private static String statement(List<String> statements, String start) {
    return statements.stream().filter(s -> s.startsWith(start)).findFirst()
        .orElseThrow(() -> new AssertionError("no statement starts with " + start + " among " + statements.size()));
  }
}
