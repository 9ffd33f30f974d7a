package cn.gov.yuhuan.qyx.office;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the office reads, as of a date: every figure of the dashboard and of the 晾晒通报 comes from
 * here, and here from the analysts' tables and views of ClickHouse (status_history, status_league,
 * quarter_area_league, annual_assessment, alerts, data_values), so a page and the bulletin cannot
 * disagree with each other or with what an analyst's SQL gives.
 */
public final class OfficeData {
  /** The TOWNSHIP-or-CITY code of the whole city's figures. */
  static final String CITY = "CITY";

  private final ClickHouseQuery clickhouse;
  private final String db;

  public OfficeData(ClickHouseQuery clickhouse, String database) {
    this.clickhouse = clickhouse;
    this.db = database;
  }

  /** The days the clock has reached for a plan year: the first and the last evaluated. */
  public record Clock(int planYear, LocalDate first, LocalDate last) {}

  /** One indicator's standing on an as-of date (status_history, city-wide, with its plan entry). */
  public record IndicatorRow(String id, String name, String domain, String domainName, String leadUnit,
      List<String> leadUnits, String firmness, String kind, String direction, BigDecimal target, String unit,
      BigDecimal actual, BigDecimal expected, BigDecimal gap, BigDecimal completion, String status,
      String latestPeriod, List<String> flags, boolean monitored, BigDecimal previous, BigDecimal yearAgo) {}

  /** A row of a league table (status_league on a day): a domain's or a lead unit's. */
  public record LeagueRow(String code, String name, int rank, int indicators, int reported, int achieved,
      int lagging, int overdue, BigDecimal averageCompletion, int stretchIndicators, int stretchAchieved,
      int atRisk, int breached, int missed) {}

  /** A township's figure for an indicator as of a quarter end (quarter_area_league). */
  public record AreaRow(String indicatorId, String indicatorName, String areaCode, String areaName,
      BigDecimal actual, String latestPeriod, int rank) {}

  /** One evaluation of an indicator's history (status_history, city-wide). */
  public record HistoryPoint(LocalDate asOf, BigDecimal actual, BigDecimal expected, String status) {}

  /** A report as sent: every revision of every data value of an indicator (progress_events). */
  public record ReportRow(String areaCode, String period, int revision, String reportingUnit, BigDecimal value,
      BigDecimal numerator, BigDecimal denominator, String correctionReason, boolean retracted, String reportedAt,
      boolean standing) {}

  /** An alert in its latest state (alerts FINAL). */
  public record AlertRow(String id, String indicatorId, String indicatorName, String areaCode, String kind,
      String leadUnit, String state, LocalDate raisedAsOf, LocalDate resolvedAsOf, BigDecimal actual,
      BigDecimal expected, BigDecimal gap, String unit, String mutedBy) {
    /** {@link #mutedBy} in the office's words. */
    public String mutedLabel() {
      return AlertStates.mutedLabel(mutedBy);
    }
  }

  /** 年考核: an indicator's last evaluation (annual_assessment). */
  public record AssessmentRow(String id, String name, String domain, String leadUnit, String firmness,
      String status, BigDecimal actual, BigDecimal target, String unit, BigDecimal completion,
      LocalDate assessedAsOf, LocalDate deadline, boolean fin, boolean met) {}

  /** The plan years the clock has reached, latest first. */
  public List<Clock> clocks() {
    List<Clock> clocks = new ArrayList<>();
    for (List<String> r : rows("SELECT plan_year, min(as_of), max(as_of) FROM " + db + ".status_history "
        + "WHERE area_code = 'CITY' GROUP BY plan_year ORDER BY plan_year DESC")) {
      clocks.add(new Clock(Tsv.integer(r.get(0)), LocalDate.parse(r.get(1)), LocalDate.parse(r.get(2))));
    }
    return clocks;
  }

  /**
   * The plan year to show: {@code planYear} when given; else, for a day, the latest plan year whose
   * clock had started by then (a plan year is judged into the next calendar year, up to its deadlines
   * and grace days, so 2025-01-20 may still be plan year 2024's); else the latest. Empty before any tick.
   */
  public Optional<Clock> clockFor(Integer planYear, LocalDate day) {
    return clocks().stream()
        .filter(c -> planYear == null ? day == null || !c.first().isAfter(day) : c.planYear() == planYear)
        .findFirst();
  }

  /**
   * The last day the clock reached on or before {@code day} (the clock's last when null or later):
   * a day it skipped (no tick that day) shows the day before. Empty before the clock's first day.
   */
  public Optional<LocalDate> evaluatedDay(Clock clock, LocalDate day) {
    if (day == null || !day.isBefore(clock.last())) {
      return Optional.of(clock.last());
    }
    if (day.isBefore(clock.first())) {
      return Optional.empty();
    }
    return Optional.of(LocalDate.parse(rows("SELECT max(as_of) FROM " + db + ".status_history WHERE area_code = 'CITY' "
        + "AND plan_year = " + clock.planYear() + " AND as_of <= '" + day + "'").get(0).get(0)));
  }

  /** The domains' names by code, in the catalog's order of codes. */
  public Map<String, String> domainNames() {
    Map<String, String> names = new LinkedHashMap<>();
    for (List<String> r : rows("SELECT domain, name FROM " + db + ".domains FINAL ORDER BY domain")) {
      names.put(r.get(0), Tsv.text(r.get(1)));
    }
    return names;
  }

  /**
   * Every plan indicator's standing at the end of {@code asOf} (an evaluated day; one no longer judged
   * then, past its deadline and grace days, at its last evaluation), by domain and id.
   */
  public List<IndicatorRow> indicators(int planYear, LocalDate asOf) {
    Map<String, String> domains = domainNames();
    List<IndicatorRow> out = new ArrayList<>();
    for (List<String> r : rows("SELECT indicator_id, name, domain, lead_unit, lead_units, firmness, kind, direction, target, unit, "
        + "actual, expected, gap, completion, status, latest_period, flags, trajectory = 'MONITORED', previous, year_ago FROM "
        + "(SELECT indicator_id, plan_year, domain, lead_unit, kind, direction, target, unit, actual, expected, gap, completion, "
        + "status, latest_period, flags, previous, year_ago FROM " + db + ".status_snapshot "
        + "WHERE plan_year = " + planYear + " AND as_of = '" + asOf + "') "
        + "ANY LEFT JOIN (SELECT indicator_id, plan_year, name, lead_units, firmness, trajectory FROM " + db + ".plan_indicators) "
        + "USING (indicator_id, plan_year) ORDER BY domain, indicator_id")) {
      String domain = r.get(2);
      List<String> leadUnits = Tsv.strings(r.get(4));
      out.add(new IndicatorRow(r.get(0), Tsv.text(r.get(1)), domain, domains.getOrDefault(domain, domain), Tsv.text(r.get(3)),
          leadUnits.isEmpty() ? List.of(Tsv.text(r.get(3))) : leadUnits, r.get(5), r.get(6), r.get(7), Tsv.decimal(r.get(8)),
          Tsv.text(r.get(9)), Tsv.decimal(r.get(10)), Tsv.decimal(r.get(11)), Tsv.decimal(r.get(12)), Tsv.decimal(r.get(13)),
          r.get(14), Tsv.text(r.get(15)), Tsv.strings(r.get(16)), "1".equals(r.get(17)), Tsv.decimal(r.get(18)),
          Tsv.decimal(r.get(19))));
    }
    return out;
  }

  /** The league of domains ({@code "domain"}) or of lead units ({@code "lead_unit"}) on an evaluated day, by rank. */
  /** The two league tables of a day, each by rank. */
  public record Leagues(List<LeagueRow> domains, List<LeagueRow> leadUnits) {}

  /** The leagues of domains and of lead units on an evaluated day: one query (status_league computes both at once). */
  public Leagues leagues(int planYear, LocalDate asOf) {
    List<LeagueRow> domains = new ArrayList<>();
    List<LeagueRow> units = new ArrayList<>();
    for (List<String> r : rows("SELECT league, code, name, rank, indicators, reported_indicators, achieved_indicators, "
        + "lagging_indicators, overdue_indicators, average_completion, stretch_indicators, stretch_achieved, at_risk_indicators, "
        + "breached_indicators, missed_indicators FROM "
        + "(SELECT * FROM " + db + ".status_league WHERE plan_year = " + planYear + " AND as_of = '" + asOf + "') "
        + "ANY LEFT JOIN (SELECT domain AS code, name FROM " + db + ".domains FINAL "
        + "UNION ALL SELECT unit_code AS code, name FROM " + db + ".units FINAL) USING (code) ORDER BY league, rank, code")) {
      String code = Tsv.text(r.get(1));
      String name = Tsv.text(r.get(2));
      var row = new LeagueRow(code, name == null || name.isEmpty() ? code : name, Tsv.integer(r.get(3)), Tsv.integer(r.get(4)),
          Tsv.integer(r.get(5)), Tsv.integer(r.get(6)), Tsv.integer(r.get(7)), Tsv.integer(r.get(8)), Tsv.decimal(r.get(9)),
          Tsv.integer(r.get(10)), Tsv.integer(r.get(11)), Tsv.integer(r.get(12)), Tsv.integer(r.get(13)),
          Tsv.integer(r.get(14)));
      (r.get(0).equals("domain") ? domains : units).add(row);
    }
    return new Leagues(domains, units);
  }

  /**
   * 报送情况 of a lead unit as of a day: the reports due by then (their period closed and its grace
   * days gone before {@code asOf}), those received by then, and those received within their grace.
   */
  public record ReportingCount(String code, String name, int expected, int received, int onTime) {}

  /**
   * Every lead unit's reporting as of {@code asOf}, from reporting_slots (an indicator with several
   * lead units counts for each), by unit code; a unit with nothing due yet is left out.
   */
  public List<ReportingCount> reporting(int planYear, LocalDate asOf) {
    List<ReportingCount> out = new ArrayList<>();
    for (List<String> r : rows("SELECT lead_unit, name, expected, received, on_time FROM "
        + "(SELECT lead_unit, count() AS expected, countIf(received AND received_on <= '" + asOf + "') AS received, "
        + "countIf(on_time) AS on_time FROM (SELECT arrayJoin(lead_units) AS lead_unit, received, received_on, on_time, due_by FROM "
        + db + ".reporting_slots WHERE plan_year = " + planYear + ") WHERE due_by < '" + asOf + "' GROUP BY lead_unit) "
        + "ANY LEFT JOIN (SELECT unit_code AS lead_unit, name FROM " + db + ".units FINAL) USING (lead_unit) ORDER BY lead_unit")) {
      String name = Tsv.text(r.get(1));
      out.add(new ReportingCount(r.get(0), name == null || name.isEmpty() ? r.get(0) : name, Tsv.integer(r.get(2)),
          Tsv.integer(r.get(3)), Tsv.integer(r.get(4))));
    }
    return out;
  }

  /**
   * The townships' league per TOWNSHIP-scope indicator as of the quarter that {@code asOf} falls in
   * (its figures from the data values of periods ending by the quarter end), by indicator and rank.
   */
  public List<AreaRow> areaLeague(int planYear, LocalDate asOf) {
    LocalDate quarterEnd = Quarters.end(asOf);
    List<AreaRow> out = new ArrayList<>();
    for (List<String> r : rows("SELECT indicator_id, indicator_name, area_code, area_name, actual, latest_period, rank FROM "
        + db + ".quarter_area_league WHERE plan_year = " + planYear + " AND quarter_end = '" + quarterEnd + "' "
        + "ORDER BY indicator_id, rank, area_code")) {
      out.add(new AreaRow(r.get(0), Tsv.text(r.get(1)), r.get(2), Tsv.text(r.get(3)), Tsv.decimal(r.get(4)), Tsv.text(r.get(5)),
          Tsv.integer(r.get(6))));
    }
    return out;
  }

  /** An indicator's evaluations from the start of its plan year to {@code asOf}. */
  public List<HistoryPoint> history(String indicatorId, int planYear, LocalDate asOf) {
    List<HistoryPoint> out = new ArrayList<>();
    for (List<String> r : rows("SELECT as_of, actual, expected, status FROM " + db + ".status_history FINAL "
        + "WHERE indicator_id = " + Tsv.literal(indicatorId) + " AND plan_year = " + planYear + " AND area_code = 'CITY' "
        + "AND as_of <= '" + asOf + "' ORDER BY as_of")) {
      out.add(new HistoryPoint(LocalDate.parse(r.get(0)), Tsv.decimal(r.get(1)), Tsv.decimal(r.get(2)), r.get(3)));
    }
    return out;
  }

  /** Every report of an indicator received by the end of {@code asOf}, each data value's revisions together. */
  public List<ReportRow> reports(String indicatorId, int planYear, LocalDate asOf) {
    List<ReportRow> out = new ArrayList<>();
    // standing: the revision that stands now (data_values), whatever the as-of date.
    for (List<String> r : rows("SELECT area_code, period, revision, reporting_unit, value, numerator, denominator, "
        + "correction_reason, retracted, toString(reported_at), standing FROM "
        + "(SELECT event_id, area_code, period, revision, reporting_unit, value, numerator, denominator, correction_reason, "
        + "retracted, reported_at FROM " + db + ".progress_events FINAL WHERE indicator_id = " + Tsv.literal(indicatorId)
        + " AND plan_year = " + planYear + " AND toDate(reported_at) <= '" + asOf + "') "
        + "ANY LEFT JOIN (SELECT event_id, toUInt8(1) AS standing FROM " + db + ".data_values WHERE indicator_id = "
        + Tsv.literal(indicatorId) + ") USING (event_id) ORDER BY area_code, period, revision, reported_at")) {
      out.add(new ReportRow(r.get(0), r.get(1), Tsv.integer(r.get(2)), Tsv.text(r.get(3)), Tsv.decimal(r.get(4)),
          Tsv.decimal(r.get(5)), Tsv.decimal(r.get(6)), Tsv.text(r.get(7)), "1".equals(r.get(8)), r.get(9), "1".equals(r.get(10))));
    }
    return out;
  }

  /** Every alert raised by {@code asOf}, in its latest state, newest first. */
  public List<AlertRow> alerts(int planYear, LocalDate asOf) {
    List<AlertRow> out = new ArrayList<>();
    for (List<String> r : rows("SELECT alert_id, indicator_id, indicator_name, area_code, kind, lead_unit_name, state, raised_as_of, "
        + "resolved_as_of, actual, expected, gap, unit, muted_by FROM " + db + ".alerts FINAL WHERE plan_year = " + planYear
        + " AND raised_as_of <= '" + asOf + "' ORDER BY raised_as_of DESC, indicator_id, area_code, kind")) {
      String resolved = Tsv.text(r.get(8));
      out.add(new AlertRow(Tsv.text(r.get(0)), r.get(1), Tsv.text(r.get(2)), r.get(3), r.get(4), Tsv.text(r.get(5)), r.get(6),
          LocalDate.parse(r.get(7)), resolved == null ? null : LocalDate.parse(resolved), Tsv.decimal(r.get(9)),
          Tsv.decimal(r.get(10)), Tsv.decimal(r.get(11)), Tsv.text(r.get(12)), Tsv.text(r.get(13))));
    }
    return out;
  }

  /** 年考核: every plan indicator's last evaluation. */
  public List<AssessmentRow> assessment(int planYear) {
    List<AssessmentRow> out = new ArrayList<>();
    for (List<String> r : rows("SELECT indicator_id, name, domain, lead_unit, firmness, status, actual, target, unit, completion, "
        + "assessed_as_of, deadline, final, met FROM " + db + ".annual_assessment WHERE plan_year = " + planYear
        + " ORDER BY domain, indicator_id")) {
      out.add(new AssessmentRow(r.get(0), Tsv.text(r.get(1)), r.get(2), Tsv.text(r.get(3)), r.get(4), r.get(5), Tsv.decimal(r.get(6)),
          Tsv.decimal(r.get(7)), Tsv.text(r.get(8)), Tsv.decimal(r.get(9)), LocalDate.parse(r.get(10)), LocalDate.parse(r.get(11)),
          "1".equals(r.get(12)), "1".equals(r.get(13))));
    }
    return out;
  }

  private List<List<String>> rows(String sql) {
    try {
      return clickhouse.rows(sql);
    } catch (IOException e) {
      throw new UncheckedIOException("ClickHouse did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
