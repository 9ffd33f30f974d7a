package cn.gov.yuhuan.qyx.sink;

import cn.gov.yuhuan.qyx.streams.PipelineConfig;

/**
 * Where the analysts' tables live: one server ({@code clickhouse.cluster} empty), or the replicas of a
 * ClickHouse cluster, where each table of {@code clickhouse/schema.sql} is a replicated
 * {@code X_local} on every replica and {@code X} is a Distributed table over them. Views and every
 * reader use the unsuffixed names either way.
 *
 * @param database {@code clickhouse.database}
 * @param cluster {@code clickhouse.cluster}, empty for a single server
 */
public record ClickHouseLayout(String database, String cluster) {
  /** Suffix of the replicated table that holds a Distributed table's rows on each replica. */
  public static final String LOCAL_SUFFIX = "_local";

  /** The layout the configuration names. */
  public static ClickHouseLayout of(PipelineConfig config) {
    return new ClickHouseLayout(config.getString(PipelineConfig.CLICKHOUSE_DATABASE), config.getString(PipelineConfig.CLICKHOUSE_CLUSTER));
  }

  /** A single server's. */
  public static ClickHouseLayout single(String database) {
    return new ClickHouseLayout(database, "");
  }

  public boolean clustered() {
    return !cluster.isEmpty();
  }

  /** {@code " ON CLUSTER name"} in a cluster, so a DDL statement runs on every replica; empty otherwise. */
  public String onCluster() {
    return clustered() ? " ON CLUSTER " + cluster : "";
  }

  /** The table that holds {@code table}'s rows on the server a client is connected to. */
  public String storageTable(String table) {
    return clustered() ? table + LOCAL_SUFFIX : table;
  }

  /**
   * Where the sink inserts {@code table}'s rows, qualified. In a cluster, the replicated table of the
   * server it is connected to, not the Distributed table: an insert into a ReplicatedMergeTree is
   * acknowledged once the part is on this replica's disk and registered in ZooKeeper, from where the
   * other replica fetches it, so the sink's guarantee (acknowledged = durable, a batch sent again folds
   * by FINAL) holds as on one server. A Distributed insert is acknowledged once spooled for a
   * background send (insert_distributed_sync=1 would wait, but only adds a hop to the same table of the
   * one shard), and its sends run as the read-only interserver user.
   */
  public String insertTarget(String table) {
    return database + "." + storageTable(table);
  }
}
