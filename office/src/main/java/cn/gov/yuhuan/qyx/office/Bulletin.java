package cn.gov.yuhuan.qyx.office;

import cn.gov.yuhuan.qyx.catalog.status.Status;
import cn.gov.yuhuan.qyx.office.OfficeData.AreaRow;
import cn.gov.yuhuan.qyx.office.OfficeData.IndicatorRow;
import cn.gov.yuhuan.qyx.office.OfficeData.LeagueRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * 晾晒通报: the office's league-table notice as of an evaluated day. Every figure is worked out here,
 * once, so the Word document, the Markdown and the DingTalk text cannot say different things;
 * {@link BulletinMarkdown} and {@link BulletinDocx} only lay out what {@link Words} prints.
 *
 * @param edition what the bulletin covers in a few words: {@code 2024年第二季度}, or {@code 截至2024年5月15日}
 * @param period the days counted, {@code 2024年1月1日至2024年6月30日}
 * @param timeProgress 时序进度: the share of the plan year gone, in percent with one decimal
 * @param behind the LAGGING, OVERDUE, BREACHED and MISSED indicators, the largest gap first
 * @param reporting 报送情况: each lead unit's reports due, received and on time, the best 报送及时率 first
 * @param monitored the goals the plan states by direction only, with their trends: counted apart from
 *     the summary and the leagues, which judge targets
 */
public record Bulletin(int planYear, LocalDate asOf, String title, String edition, String period,
    BigDecimal timeProgress, Summary summary, List<GroupRow> domains, List<GroupRow> leadUnits,
    List<BehindRow> behind, List<AreaLine> areas, List<ReportingLine> reporting, List<MonitoredLine> monitored) {

  static final String PROJECT = "玉环市公共服务“七优享”工程";

  /** What the marks mean (see {@link #mark}): said under the summary of the notice and on the 晾晒榜 page. */
  public static final String MARK_RULE = "评价：红 = 有滞后、逾期未报、超限或未完成的指标；黄 = 有预警指标；绿 = 其余指标均达标或正常推进。";

  private static final Set<Status> BEHIND_STATUSES = EnumSet.of(Status.LAGGING, Status.OVERDUE, Status.BREACHED, Status.MISSED);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public Bulletin {
    domains = List.copyOf(domains);
    leadUnits = List.copyOf(leadUnits);
    behind = List.copyOf(behind);
    areas = List.copyOf(areas);
    reporting = List.copyOf(reporting);
    monitored = List.copyOf(monitored);
  }

  /** How the indicators stand, one count per status; {@code indicators} counts them all. */
  public record Summary(int indicators, int achieved, int onTrack, int atRisk, int lagging, int overdue, int breached,
      int noData, int missed) {
    static Summary of(List<IndicatorRow> indicators) {
      Map<Status, Integer> counts = new EnumMap<>(Status.class);
      for (IndicatorRow row : indicators) {
        status(row.status()).ifPresent(s -> counts.merge(s, 1, Integer::sum));
      }
      return new Summary(indicators.size(), counts.getOrDefault(Status.ACHIEVED, 0), counts.getOrDefault(Status.ON_TRACK, 0),
          counts.getOrDefault(Status.AT_RISK, 0), counts.getOrDefault(Status.LAGGING, 0), counts.getOrDefault(Status.OVERDUE, 0),
          counts.getOrDefault(Status.BREACHED, 0), counts.getOrDefault(Status.NO_DATA, 0), counts.getOrDefault(Status.MISSED, 0));
    }
  }

  /** 红/黄/绿 of a league row. */
  public enum Mark {
    GREEN("绿"), YELLOW("黄"), RED("红");

    private final String label;

    Mark(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A domain's or a lead unit's row; {@code averageCompletion} in percent with one decimal. */
  public record GroupRow(int rank, String code, String name, int indicators, int reported, int achieved, int lagging,
      int overdue, BigDecimal averageCompletion, Mark mark) {}

  /** An indicator behind or failed, its lead units by name, its gap in points of the target. */
  public record BehindRow(String id, String name, List<String> leadUnits, Status status, BigDecimal actual,
      BigDecimal expected, BigDecimal gap, String unit) {}

  /**
   * A lead unit's 报送情况: reports due ({@code expected}), received by the day, received within their
   * grace days ({@code onTime}), received late, and missing; {@code rate} 报送及时率 = on time ÷ due, in
   * percent with one decimal. Units with the same rate share a rank.
   */
  public record ReportingLine(int rank, String code, String name, int expected, int received, int onTime, BigDecimal rate) {
    public int late() {
      return received - onTime;
    }

    public int missing() {
      return expected - received;
    }
  }

  /** A goal stated by direction only: its latest figure, the period before, a year before, and which way it moves. */
  public record MonitoredLine(String id, String name, List<String> leadUnits, BigDecimal actual, BigDecimal previous,
      BigDecimal yearAgo, Optional<Status> status, String unit) {}

  /** A TOWNSHIP indicator's best and worst townships (several when tied). */
  public record AreaLine(String indicatorId, String indicatorName, String unit, int areas, List<AreaRow> best,
      List<AreaRow> worst) {
    /** Every township shares one rank: there is no worst to name. */
    public boolean tied() {
      return best.get(0).rank() == worst.get(0).rank();
    }
  }

  /**
   * The bulletin of {@code planYear} as of {@code asOf}, an evaluated day (see {@link OfficeData.Clock#clamp}).
   */
  public static Bulletin of(OfficeData data, int planYear, LocalDate asOf) {
    OfficeData.Leagues leagues = data.leagues(planYear, asOf);
    return of(planYear, asOf, data.indicators(planYear, asOf), leagues.domains(), leagues.leadUnits(), data.areaLeague(planYear, asOf),
        data.reporting(planYear, asOf));
  }

  /** The bulletin from the rows {@link OfficeData} reads, as they come (leagues by rank, areas by indicator and rank). */
  static Bulletin of(int planYear, LocalDate asOf, List<IndicatorRow> indicators, List<LeagueRow> domains,
      List<LeagueRow> leadUnits, List<AreaRow> areas, List<OfficeData.ReportingCount> reporting) {
    boolean quarter = Quarters.isQuarterEnd(asOf) && asOf.getYear() == planYear;
    String edition = quarter ? Quarters.chinese(asOf) : "截至" + Words.date(asOf);
    String title = quarter ? PROJECT + edition + "晾晒通报" : PROJECT + planYear + "年晾晒通报（" + edition + "）";
    String period = Words.date(LocalDate.of(planYear, 1, 1)) + "至" + Words.date(asOf);
    BigDecimal timeProgress = timeProgress(planYear, asOf);

    Map<String, String> unitNames = new HashMap<>();
    leadUnits.forEach(u -> unitNames.put(u.code(), u.name()));
    List<IndicatorRow> judged = indicators.stream().filter(i -> !i.monitored()).toList();
    List<MonitoredLine> monitored = indicators.stream().filter(IndicatorRow::monitored)
        .map(i -> new MonitoredLine(i.id(), i.name(), i.leadUnits().stream().map(u -> unitNames.getOrDefault(u, u)).toList(), i.actual(),
            i.previous(), i.yearAgo(), status(i.status()), i.unit()))
        .toList();
    return new Bulletin(planYear, asOf, title, edition, period, timeProgress, Summary.of(judged),
        groups(domains), groups(leadUnits), behind(judged, unitNames),
        areaLines(areas, indicators), reportingLines(reporting), monitored);
  }

  /** 报送及时率 from the best; a tie shares its rank (1, 2, 2, 4), and then goes by unit code. */
  static List<ReportingLine> reportingLines(List<OfficeData.ReportingCount> counts) {
    List<ReportingLine> unranked = new ArrayList<>();
    for (OfficeData.ReportingCount c : counts) {
      if (c.expected() > 0) {
        BigDecimal rate = BigDecimal.valueOf(c.onTime()).multiply(HUNDRED).divide(BigDecimal.valueOf(c.expected()), 1, RoundingMode.HALF_UP);
        unranked.add(new ReportingLine(0, c.code(), c.name(), c.expected(), c.received(), c.onTime(), rate));
      }
    }
    unranked.sort(Comparator.comparing(ReportingLine::rate, Comparator.reverseOrder()).thenComparing(ReportingLine::code));
    List<ReportingLine> lines = new ArrayList<>();
    for (int i = 0; i < unranked.size(); i++) {
      ReportingLine l = unranked.get(i);
      int rank = i > 0 && l.rate().compareTo(unranked.get(i - 1).rate()) == 0 ? lines.get(i - 1).rank() : i + 1;
      lines.add(new ReportingLine(rank, l.code(), l.name(), l.expected(), l.received(), l.onTime(), l.rate()));
    }
    return lines;
  }

  /** 时序进度: days from 1 January to {@code asOf}, both counted, over the days of the plan year. */
  static BigDecimal timeProgress(int planYear, LocalDate asOf) {
    LocalDate first = LocalDate.of(planYear, 1, 1);
    long days = Math.max(0, Math.min(first.lengthOfYear(), ChronoUnit.DAYS.between(first, asOf) + 1));
    return BigDecimal.valueOf(days).multiply(HUNDRED).divide(BigDecimal.valueOf(first.lengthOfYear()), 1, RoundingMode.HALF_UP);
  }

  /**
   * 红 for a group with a firm indicator 滞后, 逾期未报, 超限 or 未完成; 黄 for one with an indicator at
   * 预警; 绿 otherwise. Read from the indicators' statuses only, so the marks follow the status rule
   * (its gaps are settings, status.at.risk.gap and status.lagging.gap) and each indicator's own
   * trajectory: a group whose indicators are on their paths is not marked down for an average that
   * is behind the calendar (a milestone due in December, a year-end target).
   */
  static Mark mark(LeagueRow r) {
    if (r.lagging() + r.overdue() + r.breached() + r.missed() > 0) {
      return Mark.RED;
    }
    return r.atRisk() > 0 ? Mark.YELLOW : Mark.GREEN;
  }

  private static List<GroupRow> groups(List<LeagueRow> league) {
    List<GroupRow> rows = new ArrayList<>();
    for (LeagueRow r : league) {
      // status_league keeps it as a share (0 to 1); the bulletin speaks in percent.
      BigDecimal share = r.averageCompletion() == null ? BigDecimal.ZERO : r.averageCompletion();
      BigDecimal completion = share.multiply(HUNDRED).setScale(1, RoundingMode.HALF_UP);
      rows.add(new GroupRow(r.rank(), r.code(), r.name(), r.indicators(), r.reported(), r.achieved(), r.lagging(),
          r.overdue(), completion, mark(r)));
    }
    return rows;
  }

  private static List<BehindRow> behind(List<IndicatorRow> indicators, Map<String, String> unitNames) {
    List<BehindRow> rows = new ArrayList<>();
    for (IndicatorRow r : indicators) {
      Optional<Status> status = status(r.status());
      if (status.isPresent() && BEHIND_STATUSES.contains(status.get())) {
        List<String> units = r.leadUnits().stream().map(u -> unitNames.getOrDefault(u, u)).toList();
        rows.add(new BehindRow(r.id(), r.name(), units, status.get(), r.actual(), r.expected(), r.gap(), r.unit()));
      }
    }
    // Without a report (OVERDUE from the start) there is no gap to rank by: those come last.
    rows.sort(Comparator.comparing(BehindRow::gap, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(BehindRow::id));
    return rows;
  }

  private static List<AreaLine> areaLines(List<AreaRow> areas, List<IndicatorRow> indicators) {
    Map<String, IndicatorRow> byId = new HashMap<>();
    indicators.forEach(i -> byId.put(i.id(), i));
    Map<String, List<AreaRow>> byIndicator = new LinkedHashMap<>();
    areas.forEach(a -> byIndicator.computeIfAbsent(a.indicatorId(), id -> new ArrayList<>()).add(a));
    List<AreaLine> lines = new ArrayList<>();
    byIndicator.forEach((id, rows) -> {
      int first = rows.stream().mapToInt(AreaRow::rank).min().orElseThrow();
      int last = rows.stream().mapToInt(AreaRow::rank).max().orElseThrow();
      IndicatorRow indicator = byId.get(id);
      String name = rows.get(0).indicatorName() != null ? rows.get(0).indicatorName()
          : indicator != null ? indicator.name() : id;
      lines.add(new AreaLine(id, name, indicator == null ? null : indicator.unit(), rows.size(),
          rows.stream().filter(a -> a.rank() == first).toList(), rows.stream().filter(a -> a.rank() == last).toList()));
    });
    return lines;
  }

  /** A status as ClickHouse names it; empty for one this code does not know, which is counted in the total only. */
  private static Optional<Status> status(String name) {
    for (Status s : Status.values()) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The bulletin's words and figures as every rendering prints them: the Word tables and the Markdown
   * ones are made of the same cells.
   */
  static final class Words {
    static final String OFFICE = PROJECT + "专班办公室";
    static final String DOMAINS = "一、领域晾晒";
    static final String LEAD_UNITS = "二、牵头单位晾晒";
    static final String BEHIND = "三、滞后和逾期未报指标";
    static final String AREAS = "四、乡镇（街道）排名";
    static final String REPORTING = "五、报送情况";
    static final List<String> REPORTING_HEADER = List.of("排名", "牵头单位", "应报", "已报", "按时报送", "迟报", "未报", "报送及时率");
    static final String NO_REPORTING = "本期无到期的报送";
    static final String MONITORED = "六、监测指标（只看趋势，不评达标）";
    static final List<String> MONITORED_HEADER = List.of("指标", "牵头单位", "最新", "上期", "去年同期", "趋势");
    static final String NO_MONITORED = "本期无监测指标";
    static final List<String> DOMAIN_HEADER = List.of("排名", "领域", "指标数", "已报送", "已达标", "滞后", "逾期未报", "平均完成率", "评价");
    static final List<String> LEAD_UNIT_HEADER =
        List.of("排名", "牵头单位", "指标数", "已报送", "已达标", "滞后", "逾期未报", "平均完成率", "评价");
    static final List<String> BEHIND_HEADER = List.of("序号", "指标", "牵头单位", "状态", "实际", "时序目标", "落后(百分点)");
    static final List<String> AREA_HEADER = List.of("指标", "参与排名", "最优", "最差");
    static final String NO_GROUPS = "本期无晾晒数据";
    static final String NO_BEHIND = "本期无滞后、逾期未报、超限或未完成指标";
    static final String NO_AREAS = "本期无乡镇（街道）分项数据";

    private Words() {}

    /** E.g. 统计时段：2024年1月1日至2024年6月30日　时序进度：49.7%. */
    static String periodLine(Bulletin b) {
      return "统计时段：" + b.period() + "　时序进度：" + percent(b.timeProgress());
    }

    /** The summary paragraph: every count, in the order of the status rule. */
    static String summary(Bulletin b) {
      Summary s = b.summary();
      return "截至" + date(b.asOf()) + "，全市“七优享”工程共有指标" + s.indicators() + "项，其中已达标" + s.achieved()
          + "项、正常推进" + s.onTrack() + "项、预警" + s.atRisk() + "项、滞后" + s.lagging() + "项、逾期未报" + s.overdue()
          + "项、超限" + s.breached() + "项、未报送" + s.noData() + "项、未完成" + s.missed() + "项。时序进度为"
          + percent(b.timeProgress()) + "。";
    }

    static List<String> cells(GroupRow r) {
      return List.of(String.valueOf(r.rank()), r.name(), String.valueOf(r.indicators()), String.valueOf(r.reported()),
          String.valueOf(r.achieved()), String.valueOf(r.lagging()), String.valueOf(r.overdue()),
          percent(r.averageCompletion()), r.mark().label());
    }

    static List<String> cells(int number, BehindRow r) {
      return List.of(String.valueOf(number), indicator(r.id(), r.name()), String.join("、", r.leadUnits()),
          r.status().label(), value(r.actual(), r.unit()), value(r.expected(), r.unit()),
          r.gap() == null ? "—" : r.gap().setScale(1, RoundingMode.HALF_UP).toPlainString());
    }

    static List<String> cells(ReportingLine r) {
      return List.of(String.valueOf(r.rank()), r.name(), String.valueOf(r.expected()), String.valueOf(r.received()),
          String.valueOf(r.onTime()), String.valueOf(r.late()), String.valueOf(r.missing()), percent(r.rate()));
    }

    static List<String> cells(MonitoredLine m) {
      return List.of(indicator(m.id(), m.name()), String.join("、", m.leadUnits()), value(m.actual(), m.unit()),
          m.previous() == null ? "—" : value(m.previous(), m.unit()), m.yearAgo() == null ? "—" : value(m.yearAgo(), m.unit()),
          m.status().map(Status::label).orElse("—"));
    }

    static List<String> cells(AreaLine line) {
      return List.of(indicator(line.indicatorId(), line.indicatorName()), String.valueOf(line.areas()),
          places(line.best(), line.unit()), line.tied() ? "—" : places(line.worst(), line.unit()));
    }

    /** E.g. 2024年6月30日. */
    static String date(LocalDate date) {
      return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }

    /** One decimal and a per cent sign: 49.7%. */
    static String percent(BigDecimal percent) {
      return percent.setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** Exact and short for people: 12.5000 reads 12.5, never 1.25E+1; nothing reported reads 未报. */
    static String value(BigDecimal value, String unit) {
      return value == null ? "未报" : value.stripTrailingZeros().toPlainString() + (unit == null ? "" : unit);
    }

    static String indicator(String id, String name) {
      return name == null || name.isEmpty() ? id : id + " " + name;
    }

    private static String places(List<AreaRow> rows, String unit) {
      return String.join("、", rows.stream().map(a -> a.areaName() == null ? a.areaCode() : a.areaName()).toList())
          + " " + value(rows.get(0).actual(), unit);
    }
  }
}
