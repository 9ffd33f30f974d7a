-- Tables the sink writes. {db} is clickhouse.database (default qyx).
-- Everything here must run on ClickHouse 18.16 and on current releases (shared/notes/infra.md).
-- Landing is idempotent: rows carry a version and ReplacingMergeTree keeps the highest, so read
-- with FINAL (or argMax) and a replayed batch never counts twice.

CREATE DATABASE IF NOT EXISTS {db};

CREATE TABLE IF NOT EXISTS {db}.area_progress
(
    indicator_id String,
    area_code    String,
    actual       Decimal(18, 4),
    value_count  UInt32,
    version      UInt64,
    landed_at    DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (indicator_id, area_code);

CREATE TABLE IF NOT EXISTS {db}.indicator_progress
(
    indicator_id String,
    actual       Decimal(18, 4),
    area_count   UInt32,
    version      UInt64,
    landed_at    DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY indicator_id;

-- One row per dead letter; (dead_letter_partition, dead_letter_offset) is its identity, so a
-- replayed dead letter replaces itself.
CREATE TABLE IF NOT EXISTS {db}.rejected_events
(
    reason                String,
    detail                String,
    source_topic          String,
    source_partition      Int32,
    source_offset         Int64,
    raw_key_base64        String,
    raw_value_base64      String,
    dead_letter_partition Int32,
    dead_letter_offset    Int64,
    rejected_at           DateTime,
    landed_at             DateTime
)
ENGINE = ReplacingMergeTree()
ORDER BY (dead_letter_partition, dead_letter_offset);
