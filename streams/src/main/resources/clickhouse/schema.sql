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

-- ---- current progress (the streams app's tables; version rises with every change of a row) ----

CREATE TABLE IF NOT EXISTS {db}.area_progress
(
    indicator_id  String,
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
ORDER BY (indicator_id, area_code);

CREATE TABLE IF NOT EXISTS {db}.indicator_progress
(
    indicator_id String,
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
    version      UInt64,
    landed_at    DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY indicator_id;

CREATE TABLE IF NOT EXISTS {db}.domain_progress
(
    domain              String,
    reported_indicators UInt32,
    achieved_indicators UInt32,
    completion_sum      Decimal(18, 4),
    version             UInt64,
    landed_at           DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY domain;

CREATE TABLE IF NOT EXISTS {db}.unit_progress
(
    lead_unit           String,
    reported_indicators UInt32,
    achieved_indicators UInt32,
    completion_sum      Decimal(18, 4),
    version             UInt64,
    landed_at           DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY lead_unit;

-- ---- reference data (the qyx.ref.*.v1 compacted topics) ---------------------------------------
-- The version is the record's offset: a key always lands in the same partition, so its offsets
-- rise with every edit. A tombstone (a removal) is skipped by the sink: a removed entry stays here
-- until removals are handled (a follow-up).

CREATE TABLE IF NOT EXISTS {db}.indicators
(
    indicator_id      String,
    domain            String,
    name              String,
    kind              String,
    direction         String,
    target            Decimal(18, 4),
    target_low        Nullable(Decimal(18, 4)),
    unit              String,
    scale             Nullable(Decimal(18, 4)),
    baseline          Nullable(Decimal(18, 4)),
    lead_unit         String,
    other_units       Array(String),
    area_scope        String,
    deadline          Date,
    quarter_fractions Array(Decimal(18, 4)),
    trajectory        String,
    firmness          String,
    cadence           String,
    grace_days        Int32,
    source            String,
    version           UInt64,
    landed_at         DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY indicator_id;

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

-- ---- status and alerts (DESIGN sections 5 and 6) ---------------------------------------------

-- Every status evaluation per indicator (area_code CITY) and as-of date: the last one of the day
-- stands. Trends, quarter-end snapshots and the annual assessment are read from it. actual, gap and
-- completion are NULL while nothing is reported.
CREATE TABLE IF NOT EXISTS {db}.status_history
(
    indicator_id  String,
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
    version       UInt64,
    landed_at     DateTime
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (indicator_id, area_code, as_of);

-- One row per alert (alert_id = indicator|area|kind|raised_as_of): raised once, then the same row
-- with a higher version when a silence or an inhibition starts or stops muting it, and when it
-- resolves. The same condition firing again later is a new alert, a new row.
CREATE TABLE IF NOT EXISTS {db}.alerts
(
    alert_id       String,
    indicator_id   String,
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
    indicator_id, area_code, period, period_start, period_end, revision, event_id, reporting_unit, domain, lead_unit, kind,
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

-- Per domain: catalog size, reported and achieved indicators, average completion over the whole
-- catalog of the domain (an unreported indicator counts as 0), rank by that average.
DROP TABLE IF EXISTS {db}.domain_league;
CREATE VIEW IF NOT EXISTS {db}.domain_league AS
SELECT
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
        arraySort(r -> (-tupleElement(r, 7), tupleElement(r, 1)), groupArray(
            (domain, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum,
             completion_sum / catalog_indicators))) AS entries,
        arrayMap(r -> tupleElement(r, 7), entries) AS sorted_scores
    FROM
    (
        SELECT domain, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum
        FROM
        (
            SELECT domain, catalog_indicators, reported_indicators, achieved_indicators, completion_sum
            FROM (SELECT domain, count() AS catalog_indicators FROM {db}.indicators FINAL GROUP BY domain)
            ANY LEFT JOIN
            (
                SELECT domain, reported_indicators, achieved_indicators, completion_sum
                FROM {db}.domain_progress FINAL
            ) USING (domain)
        )
        ANY LEFT JOIN (SELECT domain, name FROM {db}.domains FINAL) USING (domain)
    )
)
ARRAY JOIN entries AS entry
ORDER BY rank, domain;

-- The same per lead unit: the indicators each unit leads.
DROP TABLE IF EXISTS {db}.unit_league;
CREATE VIEW IF NOT EXISTS {db}.unit_league AS
SELECT
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
        arraySort(r -> (-tupleElement(r, 7), tupleElement(r, 1)), groupArray(
            (lead_unit, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum,
             completion_sum / catalog_indicators))) AS entries,
        arrayMap(r -> tupleElement(r, 7), entries) AS sorted_scores
    FROM
    (
        SELECT lead_unit, name, catalog_indicators, reported_indicators, achieved_indicators, completion_sum
        FROM
        (
            SELECT lead_unit, catalog_indicators, reported_indicators, achieved_indicators, completion_sum
            FROM (SELECT lead_unit, count() AS catalog_indicators FROM {db}.indicators FINAL GROUP BY lead_unit)
            ANY LEFT JOIN
            (
                SELECT lead_unit, reported_indicators, achieved_indicators, completion_sum
                FROM {db}.unit_progress FINAL
            ) USING (lead_unit)
        )
        ANY LEFT JOIN (SELECT unit_code AS lead_unit, name FROM {db}.units FINAL) USING (lead_unit)
    )
)
ARRAY JOIN entries AS entry
ORDER BY rank, lead_unit;

-- Per TOWNSHIP-scope indicator x township with a value: the township's actual and its rank among
-- the townships for that indicator (highest first; lowest first for an AT_MOST ceiling).
DROP TABLE IF EXISTS {db}.area_league;
CREATE VIEW IF NOT EXISTS {db}.area_league AS
SELECT
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
        indicator_id,
        any(indicator_name) AS indicator_name,
        arraySort(r -> (tupleElement(r, 5), tupleElement(r, 1)), groupArray(
            (area_code, area_name, actual, latest_period, if(direction = 'AT_MOST', actual, -actual)))) AS entries,
        arrayMap(r -> tupleElement(r, 5), entries) AS sorted_scores
    FROM
    (
        SELECT indicator_id, indicator_name, direction, area_code, area_name, actual, latest_period
        FROM
        (
            SELECT indicator_id, indicator_name, direction, area_code, actual, latest_period
            FROM
            (
                SELECT indicator_id, area_code, actual, latest_period
                FROM {db}.area_progress FINAL
                WHERE value_count > 0
            )
            ALL INNER JOIN
            (
                SELECT indicator_id, name AS indicator_name, direction
                FROM {db}.indicators FINAL
                WHERE area_scope = 'TOWNSHIP'
            ) USING (indicator_id)
        )
        ALL INNER JOIN
        (
            SELECT area_code, name AS area_name
            FROM {db}.areas FINAL
            WHERE level = 'TOWNSHIP'
        ) USING (area_code)
    )
    GROUP BY indicator_id
)
ARRAY JOIN entries AS entry
ORDER BY indicator_id, rank, area_code;

-- ---- 季分析 and 年考核: read from status_history, so any past quarter can be redone ------------

-- Per indicator x area x quarter: the quarter's last evaluation (its snapshot). complete = 1 when
-- that evaluation is the quarter-end day itself; a quarter in progress shows its latest day. The
-- whole row is taken as one tuple, because argMax per column would skip NULLs.
DROP TABLE IF EXISTS {db}.quarter_status;
CREATE VIEW IF NOT EXISTS {db}.quarter_status AS
SELECT
    indicator_id,
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
    tupleElement(last, 15) AS flags
FROM
(
    SELECT
        indicator_id, area_code, quarter_end,
        argMax((as_of, domain, lead_unit, kind, direction, target, unit, actual, expected, gap, completion, achieved, status,
                latest_period, flags), as_of) AS last
    FROM
    (
        SELECT *, addDays(addMonths(toStartOfQuarter(as_of), 3), -1) AS quarter_end
        FROM {db}.status_history FINAL
    )
    GROUP BY indicator_id, area_code, quarter_end
)
ORDER BY quarter_end, indicator_id, area_code;

-- 年考核: each indicator's last evaluation, city-wide, with its name, deadline and firmness (FIRM,
-- or STRETCH for the plan's 力争/争创/争取/努力). final = 1 once that evaluation is on or after the
-- deadline: status is then ACHIEVED or MISSED (未完成), and met says which.
DROP TABLE IF EXISTS {db}.annual_assessment;
CREATE VIEW IF NOT EXISTS {db}.annual_assessment AS
SELECT
    indicator_id, name, domain, lead_unit, firmness, kind, direction, target, unit, actual, completion, achieved, status, flags,
    assessed_as_of, deadline, assessed_as_of >= deadline AS final, final AND status = 'ACHIEVED' AS met
FROM
(
    SELECT
        indicator_id,
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
        SELECT indicator_id,
               argMax((as_of, domain, lead_unit, kind, direction, target, unit, actual, completion, achieved, status, flags), as_of) AS last
        FROM {db}.status_history FINAL
        WHERE area_code = 'CITY'
        GROUP BY indicator_id
    )
)
ANY LEFT JOIN (SELECT indicator_id, name, deadline, firmness FROM {db}.indicators FINAL) USING (indicator_id)
ORDER BY domain, indicator_id;

-- 年考核 per domain and per lead unit (league = 'domain' or 'lead_unit'): of each group's firm
-- indicators, how many are met and how many missed once final; its stretch targets (力争, 争创,
-- 争取, 努力) counted apart; and how many are not final yet (their deadline not reached).
DROP TABLE IF EXISTS {db}.annual_league;
CREATE VIEW IF NOT EXISTS {db}.annual_league AS
SELECT
    tupleElement(grouping, 1) AS league,
    tupleElement(grouping, 2) AS code,
    countIf(firmness != 'STRETCH') AS firm_indicators,
    countIf(firmness != 'STRETCH' AND `met` = 1) AS firm_met,
    countIf(firmness != 'STRETCH' AND `final` = 1 AND `met` = 0) AS firm_missed,
    countIf(firmness = 'STRETCH') AS stretch_indicators,
    countIf(firmness = 'STRETCH' AND `met` = 1) AS stretch_met,
    countIf(`final` = 0) AS not_final
FROM {db}.annual_assessment
ARRAY JOIN [('domain', domain), ('lead_unit', lead_unit)] AS grouping
GROUP BY league, code
ORDER BY league, code;

-- The league tables as of each quarter end (晾晒通报), for domains and lead units at once: each
-- indicator counts once under its domain and once under its lead unit (league = 'domain' or
-- 'lead_unit', code = the domain's or the unit's code). Per quarter and group: how many of its
-- indicators were evaluated, reported, achieved, lagging, overdue; the average completion over the
-- evaluated ones (an unreported one counts 0); the rank within the quarter's league by that average.
DROP TABLE IF EXISTS {db}.quarter_league;
CREATE VIEW IF NOT EXISTS {db}.quarter_league AS
SELECT
    quarter_end,
    league,
    tupleElement(entry, 1) AS code,
    tupleElement(entry, 2) AS indicators,
    tupleElement(entry, 3) AS reported_indicators,
    tupleElement(entry, 4) AS achieved_indicators,
    tupleElement(entry, 5) AS lagging_indicators,
    tupleElement(entry, 6) AS overdue_indicators,
    tupleElement(entry, 7) AS average_completion,
    indexOf(sorted_scores, tupleElement(entry, 7)) AS rank
FROM
(
    SELECT
        quarter_end,
        league,
        arraySort(r -> (-tupleElement(r, 7), tupleElement(r, 1)), groupArray(
            (code, indicators, reported_indicators, achieved_indicators, lagging_indicators, overdue_indicators,
             completion_sum / indicators))) AS entries,
        arrayMap(r -> tupleElement(r, 7), entries) AS sorted_scores
    FROM
    (
        SELECT quarter_end, tupleElement(grouping, 1) AS league, tupleElement(grouping, 2) AS code,
               count() AS indicators,
               countIf(actual IS NOT NULL) AS reported_indicators,
               countIf(achieved = 1) AS achieved_indicators,
               countIf(status = 'LAGGING') AS lagging_indicators,
               countIf(status = 'OVERDUE') AS overdue_indicators,
               toDecimal64(sum(ifNull(completion, toDecimal64(0, 4))), 4) AS completion_sum
        FROM {db}.quarter_status
        ARRAY JOIN [('domain', domain), ('lead_unit', lead_unit)] AS grouping
        WHERE area_code = 'CITY'
        GROUP BY quarter_end, league, code
    )
    GROUP BY quarter_end, league
)
ARRAY JOIN entries AS entry
ORDER BY quarter_end, league, rank, code;

DROP TABLE IF EXISTS {db}.quarter_domain_league;
CREATE VIEW IF NOT EXISTS {db}.quarter_domain_league AS
SELECT quarter_end, code AS domain, indicators, reported_indicators, achieved_indicators, lagging_indicators,
       overdue_indicators, average_completion, rank
FROM {db}.quarter_league WHERE league = 'domain'
ORDER BY quarter_end, rank, domain;

DROP TABLE IF EXISTS {db}.quarter_unit_league;
CREATE VIEW IF NOT EXISTS {db}.quarter_unit_league AS
SELECT quarter_end, code AS lead_unit, indicators, reported_indicators, achieved_indicators, lagging_indicators,
       overdue_indicators, average_completion, rank
FROM {db}.quarter_league WHERE league = 'lead_unit'
ORDER BY quarter_end, rank, lead_unit;

-- The townships' league as of each quarter end the clock has reached, per TOWNSHIP-scope indicator:
-- each township's figure from the standing data values of periods ending by then (COUNT: their sum;
-- LEVEL, MILESTONE: the latest period's value; RATIO: the latest period's numerator / denominator ×
-- scale), ranked as area_league ranks (highest first, lowest first for an AT_MOST ceiling). Read
-- from the event log's data values, not from status_history: townships have no status of their own.
DROP TABLE IF EXISTS {db}.quarter_area_league;
CREATE VIEW IF NOT EXISTS {db}.quarter_area_league AS
SELECT
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
        quarter_end,
        indicator_id,
        any(indicator_name) AS indicator_name,
        arraySort(r -> (tupleElement(r, 5), tupleElement(r, 1)), groupArray(
            (area_code, area_name, actual, latest_period, if(direction = 'AT_MOST', toFloat64(actual), -toFloat64(actual))))) AS entries,
        arrayMap(r -> tupleElement(r, 5), entries) AS sorted_scores
    FROM
    (
        SELECT quarter_end, indicator_id, indicator_name, direction, area_code, area_name, actual, latest_period
        FROM
        (
            SELECT
                quarter_end, indicator_id, indicator_name, direction, area_code,
                tupleElement(latest, 4) AS latest_period,
                multiIf(kind = 'COUNT', count_sum,
                        kind = 'RATIO', toDecimal64(ifNull(tupleElement(latest, 2), toDecimal64(0, 4)) * ifNull(scale, toDecimal64(1, 4))
                            / if(ifNull(tupleElement(latest, 3), toDecimal64(0, 4)) = 0, toDecimal64(1, 4), assumeNotNull(tupleElement(latest, 3))), 4),
                        toDecimal64(tupleElement(latest, 1), 4)) AS actual
            FROM
            (
                SELECT quarter_end, indicator_id, area_code,
                       toDecimal64(sum(ifNull(value, toDecimal64(0, 4))), 4) AS count_sum,
                       argMax((value, numerator, denominator, period), (period_start, period_end)) AS latest
                FROM
                (
                    SELECT indicator_id, area_code, period, period_start, period_end, value, numerator, denominator,
                           arrayJoin(arrayFilter(q -> q >= period_end,
                               arrayMap(m -> addDays(addMonths(toStartOfYear(period_end), m), -1), [3, 6, 9, 12]))) AS quarter_end
                    FROM {db}.data_values
                    WHERE retracted = 0
                )
                -- Quarters the clock has reached: up to the end of the latest as-of date's quarter.
                WHERE quarter_end <= (SELECT addDays(addMonths(toStartOfQuarter(max(as_of)), 3), -1) FROM {db}.status_history)
                GROUP BY quarter_end, indicator_id, area_code
            )
            ALL INNER JOIN
            (
                SELECT indicator_id, name AS indicator_name, kind, direction, scale
                FROM {db}.indicators FINAL
                WHERE area_scope = 'TOWNSHIP'
            ) USING (indicator_id)
        )
        ALL INNER JOIN
        (
            SELECT area_code, name AS area_name FROM {db}.areas FINAL WHERE level = 'TOWNSHIP'
        ) USING (area_code)
    )
    GROUP BY quarter_end, indicator_id
)
ARRAY JOIN entries AS entry
ORDER BY quarter_end, indicator_id, rank, area_code;
