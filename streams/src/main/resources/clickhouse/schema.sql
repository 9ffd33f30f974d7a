-- The analysts' tables and views. {db} is clickhouse.database (default qyx). Columns are documented
-- in README.md ("For analysts: the ClickHouse tables").
-- Everything here must run on ClickHouse 18.16 and on current releases (shared/notes/infra.md): no
-- window functions, no WITH-subqueries, one JOIN per SELECT level, nothing Nullable in a sorting key,
-- a ReplacingMergeTree version of an unsigned type.
-- Landing is idempotent: every table is a ReplacingMergeTree ordered by its natural key with a
-- version, so a row landed twice is one row; read with FINAL (or argMax) and nothing counts twice.
-- Statements are split on semicolons after whole-line comments are removed: none inside a statement.
-- Created only when missing. A column added here is added to an existing table at the sink's start
-- (ClickHouseTables reads system.columns: 18.16 has no ADD COLUMN IF NOT EXISTS); old rows read its
-- default until landed again. Any other change to an existing table needs ./qyx rebuild.

CREATE DATABASE IF NOT EXISTS {db};

-- ---- events ---------------------------------------------------------------------------------

-- Every accepted report, all revisions of every data value (qyx.accepted-reports.v1), identified by
-- its place in the event log (qyx.progress-reports.v1): the same report landed again, or
-- re-processed by a rebuild, replaces itself. With rejected_events: received = accepted + rejected.
CREATE TABLE IF NOT EXISTS {db}.progress_events
(
    event_id          String,
    indicator_id      String,
    area_code         String,
    period            String,
    period_start      Date,
    period_end        Date,
    plan_year         UInt16,
    reporting_unit    String,
    domain            String,
    lead_unit         String,
    kind              String,
    value             Nullable(Decimal(18, 4)),
    numerator         Nullable(Decimal(18, 4)),
    denominator       Nullable(Decimal(18, 4)),
    revision          Int32,
    correction_reason Nullable(String),
    retracted         UInt8,
    reported_at       DateTime,
    note              Nullable(String),
    source_partition  Int32,
    source_offset     Int64,
    counted_from      Nullable(Date),
    landed_at         DateTime
)
ENGINE = ReplacingMergeTree()
ORDER BY (indicator_id, area_code, period, source_partition, source_offset);

-- One row per dead letter (qyx.dead-letters.v1), identified by where the rejected record was read
-- (for a report: its place in the event log), so a rebuild's dead letters replace themselves.
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
ORDER BY (source_topic, source_partition, source_offset);

-- Records the sink read but could not decode (bytes no schema of the registry reads: a bug, or a
-- writer other than the streams app), with their place, so the sink goes on and nothing is lost
-- silently. Landed again, a record replaces itself. Expected to stay empty.
CREATE TABLE IF NOT EXISTS {db}.undecodable_records
(
    source_topic     String,
    source_partition Int32,
    source_offset    Int64,
    raw_key_base64   String,
    raw_value_base64 String,
    error            String,
    landed_at        DateTime
)
ENGINE = ReplacingMergeTree()
ORDER BY (source_topic, source_partition, source_offset);

-- ---- current progress (the streams app's tables; version rises with every change of a row) ----

CREATE TABLE IF NOT EXISTS {db}.area_progress
(
    indicator_id  String,
    plan_year     UInt16,
    area_code     String,
    domain        String,
    lead_unit     String,
    kind          String,
    actual        Decimal(18, 4),
    numerator     Nullable(Decimal(18, 4)),
    denominator   Nullable(Decimal(18, 4)),
    latest_period Nullable(String),
    value_count   UInt32,
    flags         Array(String),
    version       UInt64,
    landed_at     DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (indicator_id, plan_year, area_code);

CREATE TABLE IF NOT EXISTS {db}.indicator_progress
(
    indicator_id String,
    plan_year    UInt16,
    domain       String,
    lead_unit    String,
    kind         String,
    actual       Decimal(18, 4),
    numerator    Nullable(Decimal(18, 4)),
    denominator  Nullable(Decimal(18, 4)),
    area_count   UInt32,
    direction    String,
    target       Decimal(18, 4),
    unit         String,
    completion   Decimal(18, 4),
    achieved     UInt8,
    as_of        Nullable(Date),
    expected     Nullable(Decimal(18, 4)),
    gap          Nullable(Decimal(18, 4)),
    status       Nullable(String),
    latest_period Nullable(String),
    flags        Array(String),
    previous     Nullable(Decimal(18, 4)),
    year_ago     Nullable(Decimal(18, 4)),
    version      UInt64,
    landed_at    DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (indicator_id, plan_year);

CREATE TABLE IF NOT EXISTS {db}.domain_progress
(
    plan_year           UInt16,
    domain              String,
    reported_indicators UInt32,
    achieved_indicators UInt32,
    completion_sum      Decimal(18, 4),
    version             UInt64,
    landed_at           DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (plan_year, domain);

CREATE TABLE IF NOT EXISTS {db}.unit_progress
(
    plan_year           UInt16,
    lead_unit           String,
    reported_indicators UInt32,
    achieved_indicators UInt32,
    completion_sum      Decimal(18, 4),
    version             UInt64,
    landed_at           DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (plan_year, lead_unit);

-- ---- reference data (the qyx.ref.*.v1 compacted topics) ---------------------------------------
-- The version is the record's offset: a key always lands in the same partition, so its offsets
-- rise with every edit. indicators holds every edition of every plan year (effective_from is the
-- plan year's 1 January for its first edition); an edition is published under two keys (its own and,
-- while it is the latest, the plan indicator's), with the same content. A tombstone (a removal) is skipped by the sink: a removed entry stays here
-- until removals are handled (a follow-up).

CREATE TABLE IF NOT EXISTS {db}.indicators
(
    indicator_id      String,
    plan_year         UInt16,
    effective_from    Date,
    domain            String,
    name              String,
    kind              String,
    measure           String,
    direction         String,
    target            Decimal(18, 4),
    target_low        Nullable(Decimal(18, 4)),
    unit              String,
    scale             Nullable(Decimal(18, 4)),
    baseline          Nullable(Decimal(18, 4)),
    lead_unit         String,
    joint_lead_units  Array(String),
    other_units       Array(String),
    area_scope        String,
    deadline          Date,
    quarter_fractions Array(Decimal(18, 4)),
    trajectory        String,
    firmness          String,
    cadence           String,
    grace_days        Int32,
    stages            Array(String),
    source            String,
    version           UInt64,
    landed_at         DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (indicator_id, plan_year, effective_from);

CREATE TABLE IF NOT EXISTS {db}.areas
(
    area_code String,
    name      String,
    level     String,
    version   UInt64,
    landed_at DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY area_code;

CREATE TABLE IF NOT EXISTS {db}.units
(
    unit_code String,
    name      String,
    version   UInt64,
    landed_at DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY unit_code;

CREATE TABLE IF NOT EXISTS {db}.domains
(
    domain    String,
    name      String,
    lead_unit String,
    version   UInt64,
    landed_at DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY domain;

-- ---- status and alerts (docs/design.md §5, §6) ------------------------------------------------

-- Every status evaluation per indicator (area_code CITY) and as-of date: the last one of the day
-- stands. Trends, quarter-end snapshots and the annual assessment are read from it. actual, gap and
-- completion are NULL while nothing is reported.
CREATE TABLE IF NOT EXISTS {db}.status_history
(
    indicator_id  String,
    plan_year     UInt16,
    area_code     String,
    as_of         Date,
    domain        String,
    lead_unit     String,
    kind          String,
    direction     String,
    target        Decimal(18, 4),
    unit          String,
    actual        Nullable(Decimal(18, 4)),
    expected      Decimal(18, 4),
    gap           Nullable(Decimal(18, 4)),
    completion    Nullable(Decimal(18, 4)),
    achieved      UInt8,
    status        String,
    latest_period Nullable(String),
    flags         Array(String),
    previous      Nullable(Decimal(18, 4)),
    year_ago      Nullable(Decimal(18, 4)),
    version       UInt64,
    landed_at     DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (indicator_id, plan_year, area_code, as_of);

-- One row per alert (alert_id = indicator|area|kind|raised_as_of): raised once, then the same row
-- with a higher version when a silence or an inhibition starts or stops muting it, and when it
-- resolves. The same condition firing again later is a new alert, a new row.
CREATE TABLE IF NOT EXISTS {db}.alerts
(
    alert_id       String,
    indicator_id   String,
    plan_year      UInt16,
    indicator_name String,
    area_code      String,
    kind           String,
    domain         String,
    lead_unit      String,
    lead_unit_name String,
    state          String,
    raised_as_of   Date,
    resolved_as_of Nullable(Date),
    as_of          Date,
    status         String,
    actual         Nullable(Decimal(18, 4)),
    expected       Decimal(18, 4),
    gap            Nullable(Decimal(18, 4)),
    target         Decimal(18, 4),
    unit           String,
    muted_by       Nullable(String),
    notice         String,
    version        UInt64,
    landed_at      DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (indicator_id, area_code, kind, raised_as_of);

-- Silences (approved exemptions): each muted the alerts it matches up to its expiry (an as-of date).
CREATE TABLE IF NOT EXISTS {db}.silences
(
    silence_id   String,
    indicator_id String,
    area_code    Nullable(String),
    kind         Nullable(String),
    reason       String,
    approved_by  String,
    starts       Nullable(Date),
    expires      Date,
    created_at   DateTime,
    version      UInt64,
    landed_at    DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY silence_id;

-- ---- views ------------------------------------------------------------------------------------
-- Views are dropped and created on every start so a changed definition takes effect (they hold no
-- data). IF NOT EXISTS: two sinks starting together must not fail on each other's view.
-- Ranks without window functions: sort each group's rows into an array, ARRAY JOIN it back, and
-- take the rank as the first position of the row's score in the sorted scores (1, 2, 2, 4 on ties).

-- The standing revision of every data value: the highest (revision, reported_at, event_id), the
-- order the streams app applies (reported_at is kept to the second here, the app compares
-- milliseconds). retracted = 1 means the value was removed. The standing key is found first and
-- joined back, not taken with argMax per column: aggregate functions skip NULL arguments, and value
-- is NULL in RATIO rows. A re-sent report is two rows with the same revision and event_id: the
-- place in the event log breaks that tie, so each data value is one row.
DROP TABLE IF EXISTS {db}.data_values;
CREATE VIEW IF NOT EXISTS {db}.data_values AS
SELECT
    indicator_id, plan_year, area_code, period, period_start, period_end, revision, event_id, reporting_unit, domain, lead_unit, kind,
    value, numerator, denominator, correction_reason, retracted, reported_at, revisions
FROM {db}.progress_events FINAL
ALL INNER JOIN
(
    SELECT indicator_id, area_code, period,
           tupleElement(top, 4) AS source_partition, tupleElement(top, 5) AS source_offset, revisions
    FROM
    (
        SELECT indicator_id, area_code, period,
               max((revision, reported_at, event_id, source_partition, source_offset)) AS top,
               uniqExact(event_id) AS revisions
        FROM {db}.progress_events FINAL
        GROUP BY indicator_id, area_code, period
    )
) USING (indicator_id, area_code, period, source_partition, source_offset);

-- Each plan indicator's latest edition (the catalog as it reads now): names, groups and firmness for
-- the views below; lead_units is every lead unit (联合牵头), the one notices go to first. A revision dated ahead is already shown here; status_history carries the target
-- each date was judged by.
DROP TABLE IF EXISTS {db}.plan_indicators;
CREATE VIEW IF NOT EXISTS {db}.plan_indicators AS
SELECT
    indicator_id,
    plan_year,
    tupleElement(latest, 1) AS effective_from,
    tupleElement(latest, 2) AS name,
    tupleElement(latest, 3) AS domain,
    tupleElement(latest, 4) AS lead_unit,
    tupleElement(latest, 5) AS kind,
    tupleElement(latest, 6) AS direction,
    tupleElement(latest, 7) AS target,
    tupleElement(latest, 8) AS unit,
    tupleElement(latest, 9) AS scale,
    tupleElement(latest, 10) AS area_scope,
    tupleElement(latest, 11) AS deadline,
    tupleElement(latest, 12) AS firmness,
    tupleElement(latest, 13) AS trajectory,
    tupleElement(latest, 14) AS joint_lead_units,
    arrayConcat([lead_unit], joint_lead_units) AS lead_units,
    tupleElement(latest, 15) AS stages,
    tupleElement(latest, 16) AS cadence,
    tupleElement(latest, 17) AS grace_days
FROM
(
    SELECT indicator_id, plan_year,
           argMax((effective_from, name, domain, lead_unit, kind, direction, target, unit, scale, area_scope, deadline, firmness,
                   trajectory, joint_lead_units, stages, cadence, grace_days), effective_from) AS latest
    FROM {db}.indicators FINAL
    GROUP BY indicator_id, plan_year
);

-- Per plan year and domain: catalog size, reported and achieved indicators, average completion over
-- the whole catalog of the domain (an unreported indicator counts as 0), rank within the plan year.
DROP TABLE IF EXISTS {db}.domain_league;
CREATE VIEW IF NOT EXISTS {db}.domain_league AS
SELECT
    plan_year,
    tupleElement(entry, 1) AS domain,
    tupleElement(entry, 2) AS name,
    tupleElement(entry, 3) AS catalog_indicators,
    tupleElement(entry, 4) AS reported_indicators,
    tupleElement(entry, 5) AS achieved_indicators,
    tupleElement(entry, 6) AS completion_sum,
    tupleElement(entry, 7) AS average_completion,
    indexOf(sorted_scores, tupleElement(entry, 7)) AS rank
FROM
(
    SELECT
        plan_year,
        arraySort(r -> (-tupleElement(r, 7), tupleElement(r, 1)), groupArray(
            (domain, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum,
             completion_sum / catalog_indicators))) AS entries,
        arrayMap(r -> tupleElement(r, 7), entries) AS sorted_scores
    FROM
    (
        SELECT plan_year, domain, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum
        FROM
        (
            SELECT plan_year, domain, catalog_indicators, reported_indicators, achieved_indicators, completion_sum
            FROM (SELECT plan_year, domain, count() AS catalog_indicators FROM {db}.plan_indicators WHERE trajectory != 'MONITORED'
                  GROUP BY plan_year, domain)
            ANY LEFT JOIN
            (
                SELECT plan_year, domain, reported_indicators, achieved_indicators, completion_sum
                FROM {db}.domain_progress FINAL
            ) USING (plan_year, domain)
        )
        ANY LEFT JOIN (SELECT domain, name FROM {db}.domains FINAL) USING (domain)
    )
    GROUP BY plan_year
)
ARRAY JOIN entries AS entry
ORDER BY plan_year, rank, domain;

-- The same per lead unit: the indicators each unit leads, jointly led ones counted for each lead unit.
DROP TABLE IF EXISTS {db}.unit_league;
CREATE VIEW IF NOT EXISTS {db}.unit_league AS
SELECT
    plan_year,
    tupleElement(entry, 1) AS lead_unit,
    tupleElement(entry, 2) AS name,
    tupleElement(entry, 3) AS catalog_indicators,
    tupleElement(entry, 4) AS reported_indicators,
    tupleElement(entry, 5) AS achieved_indicators,
    tupleElement(entry, 6) AS completion_sum,
    tupleElement(entry, 7) AS average_completion,
    indexOf(sorted_scores, tupleElement(entry, 7)) AS rank
FROM
(
    SELECT
        plan_year,
        arraySort(r -> (-tupleElement(r, 7), tupleElement(r, 1)), groupArray(
            (lead_unit, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum,
             completion_sum / catalog_indicators))) AS entries,
        arrayMap(r -> tupleElement(r, 7), entries) AS sorted_scores
    FROM
    (
        SELECT plan_year, lead_unit, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum
        FROM
        (
            SELECT plan_year, lead_unit, catalog_indicators, reported_indicators, achieved_indicators, completion_sum
            FROM (SELECT plan_year, unit AS lead_unit, count() AS catalog_indicators
                  FROM {db}.plan_indicators ARRAY JOIN lead_units AS unit WHERE trajectory != 'MONITORED' GROUP BY plan_year, lead_unit)
            ANY LEFT JOIN
            (
                SELECT plan_year, lead_unit, reported_indicators, achieved_indicators, completion_sum
                FROM {db}.unit_progress FINAL
            ) USING (plan_year, lead_unit)
        )
        ANY LEFT JOIN (SELECT unit_code AS lead_unit, name FROM {db}.units FINAL) USING (lead_unit)
    )
    GROUP BY plan_year
)
ARRAY JOIN entries AS entry
ORDER BY plan_year, rank, lead_unit;

-- Per TOWNSHIP-scope plan indicator x township with a value: the township's actual and its rank
-- among the townships for that indicator (highest first; lowest first for an AT_MOST ceiling).
DROP TABLE IF EXISTS {db}.area_league;
CREATE VIEW IF NOT EXISTS {db}.area_league AS
SELECT
    indicator_id,
    plan_year,
    indicator_name,
    tupleElement(entry, 1) AS area_code,
    tupleElement(entry, 2) AS area_name,
    tupleElement(entry, 3) AS actual,
    tupleElement(entry, 4) AS latest_period,
    indexOf(sorted_scores, tupleElement(entry, 5)) AS rank
FROM
(
    SELECT
        indicator_id,
        plan_year,
        any(indicator_name) AS indicator_name,
        arraySort(r -> (tupleElement(r, 5), tupleElement(r, 1)), groupArray(
            (area_code, area_name, actual, latest_period, if(direction = 'AT_MOST', actual, -actual)))) AS entries,
        arrayMap(r -> tupleElement(r, 5), entries) AS sorted_scores
    FROM
    (
        SELECT indicator_id, plan_year, indicator_name, direction, area_code, area_name, actual, latest_period
        FROM
        (
            SELECT indicator_id, plan_year, indicator_name, direction, area_code, actual, latest_period
            FROM
            (
                SELECT indicator_id, plan_year, area_code, actual, latest_period
                FROM {db}.area_progress FINAL
                WHERE value_count > 0
            )
            ALL INNER JOIN
            (
                SELECT indicator_id, plan_year, name AS indicator_name, direction
                FROM {db}.plan_indicators
                WHERE area_scope = 'TOWNSHIP'
            ) USING (indicator_id, plan_year)
        )
        ALL INNER JOIN
        (
            SELECT area_code, name AS area_name
            FROM {db}.areas FINAL
            WHERE level = 'TOWNSHIP'
        ) USING (area_code)
    )
    GROUP BY indicator_id, plan_year
)
ARRAY JOIN entries AS entry
ORDER BY plan_year, indicator_id, rank, area_code;

-- ---- 季分析 and 年考核: read from status_history, so any past quarter can be redone ------------

-- Per plan indicator x area x quarter: the quarter's last evaluation (its snapshot), with the
-- indicator's firmness. complete = 1 when that evaluation is the quarter-end day itself; a quarter in
-- progress shows its latest day. The whole row is taken as one tuple, because argMax per column
-- would skip NULLs.
DROP TABLE IF EXISTS {db}.quarter_status;
CREATE VIEW IF NOT EXISTS {db}.quarter_status AS
SELECT
    indicator_id,
    plan_year,
    area_code,
    quarter_end,
    tupleElement(last, 1) AS as_of,
    tupleElement(last, 1) = quarter_end AS complete,
    tupleElement(last, 2) AS domain,
    tupleElement(last, 3) AS lead_unit,
    tupleElement(last, 4) AS kind,
    tupleElement(last, 5) AS direction,
    tupleElement(last, 6) AS target,
    tupleElement(last, 7) AS unit,
    tupleElement(last, 8) AS actual,
    tupleElement(last, 9) AS expected,
    tupleElement(last, 10) AS gap,
    tupleElement(last, 11) AS completion,
    tupleElement(last, 12) AS achieved,
    tupleElement(last, 13) AS status,
    tupleElement(last, 14) AS latest_period,
    tupleElement(last, 15) AS flags,
    firmness,
    if(empty(lead_units), [lead_unit], lead_units) AS lead_units
FROM
(
    SELECT
        indicator_id, plan_year, area_code, quarter_end,
        argMax((as_of, domain, lead_unit, kind, direction, target, unit, actual, expected, gap, completion, achieved, status,
                latest_period, flags), as_of) AS last
    FROM
    (
        SELECT *, addDays(addMonths(toStartOfQuarter(as_of), 3), -1) AS quarter_end
        FROM {db}.status_history FINAL
    )
    GROUP BY indicator_id, plan_year, area_code, quarter_end
)
ANY LEFT JOIN (SELECT indicator_id, plan_year, firmness, lead_units FROM {db}.plan_indicators) USING (indicator_id, plan_year)
ORDER BY quarter_end, indicator_id, plan_year, area_code;

-- 年考核: each plan indicator's last evaluation, city-wide, with its name, deadline and firmness
-- (FIRM, or STRETCH for the plan's 力争/争创/争取/努力); a monitored goal (no target) is not assessed. final = 1 once that evaluation is on or
-- after the deadline: status is then ACHIEVED or MISSED (未完成), and met says which.
DROP TABLE IF EXISTS {db}.annual_assessment;
CREATE VIEW IF NOT EXISTS {db}.annual_assessment AS
SELECT
    plan_year, indicator_id, name, domain, lead_unit, if(empty(lead_units), [lead_unit], lead_units) AS lead_units, firmness, kind,
    direction, target, unit, actual, completion, achieved, status, flags, assessed_as_of, deadline, assessed_as_of >= deadline AS final,
    final AND status = 'ACHIEVED' AS met
FROM
(
    SELECT
        indicator_id,
        plan_year,
        tupleElement(last, 1) AS assessed_as_of,
        tupleElement(last, 2) AS domain,
        tupleElement(last, 3) AS lead_unit,
        tupleElement(last, 4) AS kind,
        tupleElement(last, 5) AS direction,
        tupleElement(last, 6) AS target,
        tupleElement(last, 7) AS unit,
        tupleElement(last, 8) AS actual,
        tupleElement(last, 9) AS completion,
        tupleElement(last, 10) AS achieved,
        tupleElement(last, 11) AS status,
        tupleElement(last, 12) AS flags
    FROM
    (
        SELECT indicator_id, plan_year,
               argMax((as_of, domain, lead_unit, kind, direction, target, unit, actual, completion, achieved, status, flags), as_of) AS last
        FROM {db}.status_history FINAL
        WHERE area_code = 'CITY'
        GROUP BY indicator_id, plan_year
    )
)
ANY LEFT JOIN (SELECT indicator_id, plan_year, name, deadline, firmness, lead_units, trajectory FROM {db}.plan_indicators) USING (indicator_id, plan_year)
WHERE trajectory != 'MONITORED'
ORDER BY plan_year, domain, indicator_id;

-- 年考核 per plan year, domain and lead unit (league = 'domain' or 'lead_unit'; a jointly led
-- indicator counts for each of its lead units): of each group's
-- firm indicators, how many are met and how many missed once final; its stretch targets (力争, 争创,
-- 争取, 努力) counted apart; and how many are not final yet (their deadline not reached).
DROP TABLE IF EXISTS {db}.annual_league;
CREATE VIEW IF NOT EXISTS {db}.annual_league AS
SELECT
    plan_year,
    tupleElement(grouping, 1) AS league,
    tupleElement(grouping, 2) AS code,
    countIf(firmness != 'STRETCH') AS firm_indicators,
    countIf(firmness != 'STRETCH' AND `met` = 1) AS firm_met,
    countIf(firmness != 'STRETCH' AND `final` = 1 AND `met` = 0) AS firm_missed,
    countIf(firmness = 'STRETCH') AS stretch_indicators,
    countIf(firmness = 'STRETCH' AND `met` = 1) AS stretch_met,
    countIf(`final` = 0) AS not_final
FROM {db}.annual_assessment
ARRAY JOIN arrayConcat([('domain', domain)], arrayMap(u -> ('lead_unit', u), lead_units)) AS grouping
GROUP BY plan_year, league, code
ORDER BY plan_year, league, code;

-- Every plan indicator as it stood, city-wide, at the end of every day the clock reached (per plan
-- year): the day's own evaluation, or, for an indicator no longer judged that day (past its deadline
-- and grace days), its last one. The dashboard, the 晾晒通报 and status_league read a day from here.
DROP TABLE IF EXISTS {db}.status_snapshot;
CREATE VIEW IF NOT EXISTS {db}.status_snapshot AS
SELECT indicator_id, plan_year, as_of, domain, lead_unit, kind, direction, target, unit, actual, expected, gap, completion,
       achieved, status, latest_period, flags, as_of AS evaluated_on, previous, year_ago
FROM {db}.status_history FINAL
WHERE area_code = 'CITY'
UNION ALL
SELECT indicator_id, plan_year, day AS as_of,
       tupleElement(last, 1) AS domain, tupleElement(last, 2) AS lead_unit, tupleElement(last, 3) AS kind,
       tupleElement(last, 4) AS direction, tupleElement(last, 5) AS target, tupleElement(last, 6) AS unit,
       tupleElement(last, 7) AS actual, tupleElement(last, 8) AS expected, tupleElement(last, 9) AS gap,
       tupleElement(last, 10) AS completion, tupleElement(last, 11) AS achieved, tupleElement(last, 12) AS status,
       tupleElement(last, 13) AS latest_period, tupleElement(last, 14) AS flags, last_day AS evaluated_on,
       tupleElement(last, 15) AS previous, tupleElement(last, 16) AS year_ago
FROM
(
    SELECT indicator_id, plan_year, max(as_of) AS last_day,
           argMax((domain, lead_unit, kind, direction, target, unit, actual, expected, gap, completion, achieved, status,
                   latest_period, flags, previous, year_ago), as_of) AS last
    FROM {db}.status_history FINAL
    WHERE area_code = 'CITY'
    GROUP BY indicator_id, plan_year
)
ALL INNER JOIN
(
    SELECT plan_year, as_of AS day FROM {db}.status_history WHERE area_code = 'CITY' GROUP BY plan_year, as_of
) USING (plan_year)
WHERE day > last_day;

-- The league tables as of every day the clock reached (晾晒榜, 晾晒通报), per plan year, for domains and
-- lead units at once: each indicator counts once under its domain and once under each of its lead
-- units (league = 'domain' or 'lead_unit', code = the domain's or the unit's code). Per day and group,
-- of its firm indicators: how many were evaluated, reported, achieved, at risk, lagging, overdue,
-- breached, missed, and the average completion (an unreported one counts 0; ClickHouse evaluates both
-- branches of if(), hence greatest() for a group of stretch targets only), which ranks the group within
-- the day's league; its stretch targets (力争, 争创, 争取, 努力) are counted apart and do not move the rank.
DROP TABLE IF EXISTS {db}.status_league;
CREATE VIEW IF NOT EXISTS {db}.status_league AS
SELECT
    plan_year,
    as_of,
    league,
    tupleElement(entry, 1) AS code,
    tupleElement(entry, 2) AS indicators,
    tupleElement(entry, 3) AS reported_indicators,
    tupleElement(entry, 4) AS achieved_indicators,
    tupleElement(entry, 5) AS lagging_indicators,
    tupleElement(entry, 6) AS overdue_indicators,
    tupleElement(entry, 7) AS average_completion,
    tupleElement(entry, 8) AS stretch_indicators,
    tupleElement(entry, 9) AS stretch_achieved,
    tupleElement(entry, 10) AS at_risk_indicators,
    tupleElement(entry, 11) AS breached_indicators,
    tupleElement(entry, 12) AS missed_indicators,
    indexOf(sorted_scores, tupleElement(entry, 7)) AS rank
FROM
(
    SELECT
        plan_year,
        as_of,
        league,
        arraySort(r -> (-tupleElement(r, 7), tupleElement(r, 1)), groupArray(
            (code, indicators, reported_indicators, achieved_indicators, lagging_indicators, overdue_indicators,
             completion_sum / greatest(indicators, 1), stretch_indicators, stretch_achieved, at_risk_indicators,
             breached_indicators, missed_indicators))) AS entries,
        arrayMap(r -> tupleElement(r, 7), entries) AS sorted_scores
    FROM
    (
        SELECT plan_year, as_of, tupleElement(grouping, 1) AS league, tupleElement(grouping, 2) AS code,
               countIf(firmness != 'STRETCH') AS indicators,
               countIf(firmness != 'STRETCH' AND actual IS NOT NULL) AS reported_indicators,
               countIf(firmness != 'STRETCH' AND achieved = 1) AS achieved_indicators,
               countIf(firmness != 'STRETCH' AND status = 'LAGGING') AS lagging_indicators,
               countIf(firmness != 'STRETCH' AND status = 'OVERDUE') AS overdue_indicators,
               toDecimal64(sumIf(ifNull(completion, toDecimal64(0, 4)), firmness != 'STRETCH'), 4) AS completion_sum,
               countIf(firmness = 'STRETCH') AS stretch_indicators,
               countIf(firmness = 'STRETCH' AND achieved = 1) AS stretch_achieved,
               countIf(firmness != 'STRETCH' AND status = 'AT_RISK') AS at_risk_indicators,
               countIf(firmness != 'STRETCH' AND status = 'BREACHED') AS breached_indicators,
               countIf(firmness != 'STRETCH' AND status = 'MISSED') AS missed_indicators
        FROM
        (
            SELECT plan_year, as_of, domain, actual, achieved, status, completion, firmness,
                   if(empty(lead_units), [lead_unit], lead_units) AS lead_units
            FROM
            (
                SELECT indicator_id, plan_year, as_of, domain, lead_unit, actual, achieved, status, completion
                FROM {db}.status_snapshot
            )
            ANY LEFT JOIN (SELECT indicator_id, plan_year, firmness, lead_units, trajectory FROM {db}.plan_indicators) USING (indicator_id, plan_year)
            -- A goal stated by direction only has no target to rank by: it is listed apart.
            WHERE trajectory != 'MONITORED'
        )
        ARRAY JOIN arrayConcat([('domain', domain)], arrayMap(u -> ('lead_unit', u), lead_units)) AS grouping
        GROUP BY plan_year, as_of, league, code
    )
    GROUP BY plan_year, as_of, league
)
ARRAY JOIN entries AS entry
ORDER BY plan_year, as_of, league, rank, code;

-- The league tables as of each quarter end (季分析): status_league on the quarter's last evaluated
-- day (the quarter end itself once the clock has passed it; a quarter in progress shows its latest
-- day), every indicator as it stood then (status_snapshot: those no longer judged at their last).
DROP TABLE IF EXISTS {db}.quarter_league;
CREATE VIEW IF NOT EXISTS {db}.quarter_league AS
SELECT
    plan_year, quarter_end, league, code, indicators, reported_indicators, achieved_indicators, lagging_indicators,
    overdue_indicators, average_completion, stretch_indicators, stretch_achieved, rank
FROM
(
    SELECT *, addDays(addMonths(toStartOfQuarter(as_of), 3), -1) AS quarter_end
    FROM {db}.status_league
    WHERE (plan_year, as_of) IN
          (SELECT plan_year, max(as_of) FROM {db}.status_history WHERE area_code = 'CITY' GROUP BY plan_year, toStartOfQuarter(as_of))
)
ORDER BY plan_year, quarter_end, league, rank, code;

DROP TABLE IF EXISTS {db}.quarter_domain_league;
CREATE VIEW IF NOT EXISTS {db}.quarter_domain_league AS
SELECT plan_year, quarter_end, code AS domain, indicators, reported_indicators, achieved_indicators, lagging_indicators,
       overdue_indicators, average_completion, stretch_indicators, stretch_achieved, rank
FROM {db}.quarter_league WHERE league = 'domain'
ORDER BY plan_year, quarter_end, rank, domain;

DROP TABLE IF EXISTS {db}.quarter_unit_league;
CREATE VIEW IF NOT EXISTS {db}.quarter_unit_league AS
SELECT plan_year, quarter_end, code AS lead_unit, indicators, reported_indicators, achieved_indicators, lagging_indicators,
       overdue_indicators, average_completion, stretch_indicators, stretch_achieved, rank
FROM {db}.quarter_league WHERE league = 'lead_unit'
ORDER BY plan_year, quarter_end, rank, lead_unit;

-- The townships' league as of each quarter end the clock has reached, per TOWNSHIP-scope plan
-- indicator: each township's figure from the standing data values of periods ending by then (COUNT:
-- their sum; LEVEL, MILESTONE: the latest period's value; RATIO: the latest period's numerator /
-- denominator × scale), ranked as area_league ranks (highest first, lowest first for an AT_MOST
-- ceiling). Read from the event log's data values, not from status_history: townships have no
-- status of their own.
DROP TABLE IF EXISTS {db}.quarter_area_league;
CREATE VIEW IF NOT EXISTS {db}.quarter_area_league AS
SELECT
    plan_year,
    quarter_end,
    indicator_id,
    indicator_name,
    tupleElement(entry, 1) AS area_code,
    tupleElement(entry, 2) AS area_name,
    tupleElement(entry, 3) AS actual,
    tupleElement(entry, 4) AS latest_period,
    indexOf(sorted_scores, tupleElement(entry, 5)) AS rank
FROM
(
    SELECT
        plan_year,
        quarter_end,
        indicator_id,
        any(indicator_name) AS indicator_name,
        arraySort(r -> (tupleElement(r, 5), tupleElement(r, 1)), groupArray(
            (area_code, area_name, actual, latest_period, if(direction = 'AT_MOST', toFloat64(actual), -toFloat64(actual))))) AS entries,
        arrayMap(r -> tupleElement(r, 5), entries) AS sorted_scores
    FROM
    (
        SELECT plan_year, quarter_end, indicator_id, indicator_name, direction, area_code, area_name, actual, latest_period
        FROM
        (
            SELECT
                plan_year, quarter_end, indicator_id, indicator_name, direction, area_code,
                tupleElement(latest, 4) AS latest_period,
                multiIf(kind = 'COUNT', count_sum,
                        kind = 'RATIO', toDecimal64(ifNull(tupleElement(latest, 2), toDecimal64(0, 4)) * ifNull(scale, toDecimal64(1, 4))
                            / if(ifNull(tupleElement(latest, 3), toDecimal64(0, 4)) = 0, toDecimal64(1, 4), assumeNotNull(tupleElement(latest, 3))), 4),
                        toDecimal64(tupleElement(latest, 1), 4)) AS actual
            FROM
            (
                SELECT plan_year, quarter_end, indicator_id, area_code,
                       toDecimal64(sum(ifNull(value, toDecimal64(0, 4))), 4) AS count_sum,
                       argMax((value, numerator, denominator, period), (period_start, period_end)) AS latest
                FROM
                (
                    SELECT indicator_id, plan_year, area_code, period, period_start, period_end, value, numerator, denominator,
                           arrayJoin(arrayFilter(q -> q >= period_end,
                               arrayMap(m -> addDays(addMonths(toStartOfYear(period_end), m), -1), [3, 6, 9, 12]))) AS quarter_end
                    FROM {db}.data_values
                    WHERE retracted = 0
                )
                -- Quarters the clock has reached: up to the end of the latest as-of date's quarter.
                WHERE quarter_end <= (SELECT addDays(addMonths(toStartOfQuarter(max(as_of)), 3), -1) FROM {db}.status_history)
                GROUP BY plan_year, quarter_end, indicator_id, area_code
            )
            ALL INNER JOIN
            (
                SELECT indicator_id, plan_year, name AS indicator_name, kind, direction, scale
                FROM {db}.plan_indicators
                WHERE area_scope = 'TOWNSHIP'
            ) USING (indicator_id, plan_year)
        )
        ALL INNER JOIN
        (
            SELECT area_code, name AS area_name FROM {db}.areas FINAL WHERE level = 'TOWNSHIP'
        ) USING (area_code)
    )
    GROUP BY plan_year, quarter_end, indicator_id
)
ARRAY JOIN entries AS entry
ORDER BY plan_year, quarter_end, indicator_id, rank, area_code;

-- ---- reporting discipline (报送情况, docs/design.md §5) ---------------------------------------------

-- Every report the catalog asks for: per plan indicator (latest edition), area its scope requires
-- (CITY, or each township) and period its cadence requires (a milestone's one report, on any day up
-- to its deadline), with the day it is due by (the period's end plus the grace days) and, if a
-- report for it has come, the as-of date the first one counted from (the pipeline's clock: the last
-- tick before it was read, not the sender's clock; the day it was reported for one landed before the
-- column existed). A period whose standing revision withdraws it is
-- not received. received_on is 1970-01-01 when nothing came.
DROP TABLE IF EXISTS {db}.reporting_slots;
CREATE VIEW IF NOT EXISTS {db}.reporting_slots AS
SELECT
    plan_year, indicator_id, area_code, slot, period_end, due_by, lead_units, domain,
    received_reports > 0 AS received,
    received_on,
    received_reports > 0 AND received_on <= due_by AS on_time
FROM
(
    SELECT plan_year, indicator_id, domain, lead_units, area_code, tupleElement(period, 1) AS slot,
           if(tupleElement(period, 3) > deadline, deadline, tupleElement(period, 3)) AS period_end,
           addDays(period_end, grace_days) AS due_by
    FROM
    (
        SELECT plan_year, indicator_id, domain, lead_units, grace_days, deadline,
               arrayJoin(if(area_scope = 'CITY', ['CITY'], (SELECT groupArray(area_code) FROM {db}.areas FINAL WHERE level = 'TOWNSHIP'))) AS area_code,
               arrayJoin(arrayFilter(p -> tupleElement(p, 2) <= deadline, multiIf(
                   cadence = 'MONTHLY', arrayMap(m -> (substring(toString(addMonths(toDate(concat(toString(plan_year), '-01-01')), m)), 1, 7),
                                                       addMonths(toDate(concat(toString(plan_year), '-01-01')), m),
                                                       addDays(addMonths(toDate(concat(toString(plan_year), '-01-01')), m + 1), -1)), range(12)),
                   cadence = 'QUARTERLY', arrayMap(q -> (concat(toString(plan_year), '-Q', toString(q + 1)),
                                                         addMonths(toDate(concat(toString(plan_year), '-01-01')), 3 * q),
                                                         addDays(addMonths(toDate(concat(toString(plan_year), '-01-01')), 3 * q + 3), -1)), range(4)),
                   cadence = 'ANNUAL', [(toString(plan_year), toDate(concat(toString(plan_year), '-01-01')), toDate(concat(toString(plan_year), '-12-31')))],
                   [('', deadline, deadline)]))) AS period
        FROM {db}.plan_indicators
    )
)
ANY LEFT JOIN
(
    SELECT plan_year, indicator_id, area_code, slot,
           countIf(standing_retracted = 0) AS received_reports,
           minIf(first_counted_from, standing_retracted = 0) AS received_on
    FROM
    (
        -- Per data value: whether the revision that stands withdraws it, and when its first report that did not came.
        SELECT plan_year, indicator_id, area_code, period, if(kind = 'MILESTONE', '', period) AS slot,
               argMax(retracted, revision) AS standing_retracted,
               minIf(ifNull(counted_from, toDate(reported_at)), retracted = 0) AS first_counted_from
        FROM {db}.progress_events FINAL
        GROUP BY plan_year, indicator_id, area_code, period, kind
    )
    GROUP BY plan_year, indicator_id, area_code, slot
) USING (plan_year, indicator_id, area_code, slot);

-- 报送及时率 per plan year, lead unit (each of an indicator's 联合牵头 units) and period end: the
-- reports due by the clock's current date (expected), those received by now, and those received
-- within their grace days (on_time). For another day, count reporting_slots with due_by before it.
DROP TABLE IF EXISTS {db}.reporting_completeness;
CREATE VIEW IF NOT EXISTS {db}.reporting_completeness AS
SELECT plan_year, lead_unit, period_end,
       count() AS expected, countIf(received) AS received, countIf(on_time) AS on_time
FROM
(
    SELECT plan_year, arrayJoin(lead_units) AS lead_unit, period_end, received, on_time, due_by
    FROM {db}.reporting_slots
)
WHERE due_by < (SELECT max(as_of) FROM {db}.status_history)
GROUP BY plan_year, lead_unit, period_end
ORDER BY plan_year, lead_unit, period_end;
