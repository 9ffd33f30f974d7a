package cn.gov.yuhuan.qyx.office;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.status.Status;
import cn.gov.yuhuan.qyx.office.Bulletin.BehindRow;
import cn.gov.yuhuan.qyx.office.Bulletin.Mark;
import cn.gov.yuhuan.qyx.office.OfficeData.AreaRow;
import cn.gov.yuhuan.qyx.office.OfficeData.IndicatorRow;
import cn.gov.yuhuan.qyx.office.OfficeData.LeagueRow;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulletinTest {
  private static final LocalDate Q2_END = LocalDate.of(2024, 6, 30); // day 182 of 366: 时序进度 49.7%

  private final List<IndicatorRow> indicators = List.of(
      indicator("A01", "ACHIEVED", "100", "50", "-50"),
      indicator("A02", "ACHIEVED", "100", "50", "-50"),
      indicator("A03", "ON_TRACK", "48", "50", "2"),
      indicator("A04", "AT_RISK", "40", "50", "10"),
      indicator("B01", "LAGGING", "12", "40.5", "28.5"),     // gap 28.5: first
      indicator("B02", "LAGGING", "30.5000", "50", "19.5"),  // gap 19.5: third
      indicator("B03", "OVERDUE", null, "50", null),          // nothing reported: last
      indicator("B04", "BREACHED", "6", "5", "20"),           // gap 20: second
      indicator("B05", "NO_DATA", null, "0", null),
      indicator("B06", "MISSED", "80", "100", "2"),           // gap 2: fourth
      indicator("B07", "SOMETHING_NEW", "1", "1", "0"));      // counted in the total only

  private final List<LeagueRow> domains = List.of(
      league("D1", "幼有善育", 1, 0, 0, "0.6000"),                // every indicator on its path: 绿
      league("D2", "学有优教", 2, 1, 0, "0.5500"),                // a lagging indicator: 红
      league("D3", "病有良医", 3, 0, 0, "0.4460", 1, 0, 0),       // an indicator at risk (预警): 黄
      league("D4", "老有康养", 4, 0, 0, "0.3460", 0, 1, 0));      // a ceiling breached: 红

  private final List<LeagueRow> units = List.of(
      league("JYJ", "市教育局", 1, 0, 0, "0.1000"),               // far behind the calendar, but on its paths: 绿
      league("WJJ", "市卫健局", 2, 0, 1, "0.9000"),               // an overdue indicator: 红
      league("MZJ", "市民政局", 3, 0, 0, "0.3470", 0, 0, 1));     // a target missed at its deadline: 红
// 34.7, 15.0 points behind: 黄

  private final List<AreaRow> areas = List.of(
      area("T01", "新增托位数", "YUCHENG", "玉城街道", "120", 1),
      area("T01", "新增托位数", "KANMEN", "坎门街道", "95.5000", 2),
      area("T01", "新增托位数", "CHUMEN", "楚门镇", "40", 3),
      area("T02", "家庭医生签约率", "YUCHENG", "玉城街道", "80", 1),
      area("T02", "家庭医生签约率", "KANMEN", "坎门街道", "80", 1));

  private final List<OfficeData.ReportingCount> reporting = List.of(
      new OfficeData.ReportingCount("JYJ", "市教育局", 40, 39, 38),   // 95.0%: first
      new OfficeData.ReportingCount("MZJ", "市民政局", 20, 20, 19),   // 95.0%: shares the rank
      new OfficeData.ReportingCount("WJJ", "市卫健局", 30, 25, 21),   // 70.0%: third, 4 late, 5 missing
      new OfficeData.ReportingCount("ZZJ", "市住建局", 0, 0, 0));     // nothing due yet: left out

  private final Bulletin bulletin = Bulletin.of(2024, Q2_END, indicators, domains, units, areas, reporting);

  @Test
  void shouldCountEachStatusOnceInTheSummary() {
    var s = bulletin.summary();

    assertThat(s.indicators()).isEqualTo(11);
    assertThat(List.of(s.achieved(), s.onTrack(), s.atRisk(), s.lagging(), s.overdue(), s.breached(), s.noData(), s.missed()))
        .containsExactly(2, 1, 1, 2, 1, 1, 1, 1);
    assertThat(Bulletin.Words.summary(bulletin)).isEqualTo("截至2024年6月30日，全市“七优享”工程共有指标11项，其中已达标2项、"
        + "正常推进1项、预警1项、滞后2项、逾期未报1项、超限1项、未报送1项、未完成1项。时序进度为49.7%。");
  }

  @Test
  void shouldMeasureTimeProgressAsTheShareOfThePlanYearGoneWithTheDayItself() {
    assertThat(bulletin.timeProgress()).isEqualByComparingTo("49.7");                          // 182 / 366
    assertThat(Bulletin.timeProgress(2023, LocalDate.of(2023, 1, 1))).isEqualByComparingTo("0.3"); // 1 / 365
    assertThat(Bulletin.timeProgress(2023, LocalDate.of(2023, 12, 31))).isEqualByComparingTo("100.0");
    assertThat(Bulletin.timeProgress(2023, LocalDate.of(2024, 1, 20))).isEqualByComparingTo("100.0"); // reports of December
  }

  @Test
  void shouldMarkAGroupRedWhenItHasALaggingIndicator() {
    assertThat(bulletin.domains()).extracting(Bulletin.GroupRow::name, Bulletin.GroupRow::mark).containsExactly(
        org.assertj.core.groups.Tuple.tuple("幼有善育", Mark.GREEN),
        org.assertj.core.groups.Tuple.tuple("学有优教", Mark.RED),
        org.assertj.core.groups.Tuple.tuple("病有良医", Mark.YELLOW),
        org.assertj.core.groups.Tuple.tuple("老有康养", Mark.RED));
  }

  @Test
  void shouldMarkAGroupRedWhenItHasAnOverdueIndicatorWhateverItsCompletion() {
    assertThat(bulletin.leadUnits().get(1).mark()).isEqualTo(Mark.RED);
    assertThat(bulletin.leadUnits().get(1).averageCompletion()).isEqualByComparingTo("90.0");
  }

  @Test
  void shouldMarkFromTheStatusesAloneNotFromTheAverageAgainstTheCalendar() {
    assertThat(bulletin.domains().get(2).mark()).isEqualTo(Mark.YELLOW);                  // one at 预警
    assertThat(bulletin.leadUnits().get(0).averageCompletion()).isEqualByComparingTo("10.0");
    assertThat(bulletin.leadUnits().get(0).mark()).isEqualTo(Mark.GREEN);                 // 39.7 points behind 时序进度
    assertThat(bulletin.leadUnits().get(2).mark()).isEqualTo(Mark.RED);                   // one 未完成
  }

  @Test
  void shouldListLaggingAndOverdueIndicatorsByGapLargestFirst() {
    assertThat(bulletin.behind()).extracting(BehindRow::id).containsExactly("B01", "B04", "B02", "B06", "B03");
    assertThat(bulletin.behind()).extracting(BehindRow::status)
        .containsExactly(Status.LAGGING, Status.BREACHED, Status.LAGGING, Status.MISSED, Status.OVERDUE);
  }

  @Test
  void shouldNameLeadUnitsByTheirLeagueNamesAndKeepUnknownCodes() {
    assertThat(bulletin.behind().get(0).leadUnits()).containsExactly("市教育局", "市卫健局");
    assertThat(Bulletin.Words.cells(1, bulletin.behind().get(0)))
        .containsExactly("1", "B01 指标B01", "市教育局、市卫健局", "滞后", "12%", "40.5%", "28.5");
    var stranger = Bulletin.of(2024, Q2_END, List.of(indicator("X", "LAGGING", "1", "2", "50", "ZZJ")), List.of(), units, List.of(),
        List.of());
    assertThat(stranger.behind().get(0).leadUnits()).containsExactly("ZZJ");
  }

  @Test
  void shouldNameTheQuarterInTheTitleOnAQuarterEnd() {
    assertThat(bulletin.title()).isEqualTo("玉环市公共服务“七优享”工程2024年第二季度晾晒通报");
    assertThat(bulletin.period()).isEqualTo("2024年1月1日至2024年6月30日");
  }

  @Test
  void shouldGiveTheDateInTheTitleOnAnyOtherDay() {
    var may = Bulletin.of(2024, LocalDate.of(2024, 5, 15), indicators, domains, units, areas, reporting);

    assertThat(may.title()).isEqualTo("玉环市公共服务“七优享”工程2024年晾晒通报（截至2024年5月15日）");
    assertThat(BulletinMarkdown.dingTalkTitle(may)).isEqualTo("七优享晾晒通报 · 截至2024年5月15日");
  }

  @Test
  void shouldNameTheBestAndWorstTownshipOfEachTownshipIndicator() {
    assertThat(bulletin.areas()).hasSize(2);
    assertThat(Bulletin.Words.cells(bulletin.areas().get(0))).containsExactly("T01 新增托位数", "3", "玉城街道 120", "楚门镇 40");
    assertThat(Bulletin.Words.cells(bulletin.areas().get(1))).containsExactly("T02 家庭医生签约率", "2", "玉城街道、坎门街道 80", "—");
  }

  @Test
  void shouldSaySoWhenThereAreNoTownshipFigures() {
    var noAreas = Bulletin.of(2024, Q2_END, indicators, domains, units, List.of(), reporting);

    assertThat(BulletinMarkdown.render(noAreas)).contains("## 四、乡镇（街道）排名\n\n本期无乡镇（街道）分项数据\n");
    assertThat(BulletinMarkdown.renderForDingTalk(noAreas)).contains("本期无乡镇（街道）分项数据");
  }

  @Test
  void shouldRankTheLeadUnitsByTheShareOfReportsOnTimeAndLeaveOutThoseWithNothingDue() {
    assertThat(bulletin.reporting()).extracting(r -> r.rank() + " " + r.code() + " " + r.rate() + " late " + r.late() + " missing " + r.missing())
        .containsExactly("1 JYJ 95.0 late 1 missing 1", "1 MZJ 95.0 late 1 missing 0", "3 WJJ 70.0 late 4 missing 5");
    String markdown = BulletinMarkdown.render(bulletin);
    assertThat(markdown).contains("## 五、报送情况", "| 3 | 市卫健局 | 30 | 25 | 21 | 4 | 5 | 70.0% |");
    assertThat(BulletinMarkdown.renderForDingTalk(bulletin)).contains("- 3 市卫健局：报送及时率 70.0%，应报30件，已报25件，按时21件，迟报4件，未报5件");
    var nothingDue = Bulletin.of(2024, LocalDate.of(2024, 1, 20), indicators, domains, units, areas, List.of());
    assertThat(BulletinMarkdown.render(nothingDue)).contains("## 五、报送情况\n\n本期无到期的报送");
  }

  @Test
  void shouldListMonitoredGoalsApartWithTheirTrendAndLeaveThemOutOfTheCounts() {
    List<IndicatorRow> withMonitored = new java.util.ArrayList<>(indicators);
    withMonitored.add(monitored("M01", "IMPROVING", "63", "60", null));
    withMonitored.add(monitored("M02", "WORSENING", "58", "63", "61"));
    var b = Bulletin.of(2024, Q2_END, withMonitored, domains, units, areas, reporting);

    assertThat(b.summary().indicators()).as("the summary judges targets: the 11 of before").isEqualTo(11);
    assertThat(b.behind()).extracting(Bulletin.BehindRow::id).doesNotContain("M01", "M02");
    assertThat(BulletinMarkdown.render(b)).contains("## 六、监测指标（只看趋势，不评达标）",
        "| M01 指标M01 | 市卫健局 | 63% | 60% | — | 向好 |", "| M02 指标M02 | 市卫健局 | 58% | 63% | 61% | 变差 |");
    assertThat(BulletinMarkdown.renderForDingTalk(b)).contains("- M02 指标M02（市卫健局）：最新 58%，上期 63%，去年同期 61%，变差");
  }

  @Test
  void shouldRenderTheMarkdownTablesWithMarksAndPlainNumbers() {
    String md = BulletinMarkdown.render(bulletin);

    assertThat(md).startsWith("# 玉环市公共服务“七优享”工程2024年第二季度晾晒通报\n\n");
    assertThat(md).contains("统计时段：2024年1月1日至2024年6月30日　时序进度：49.7%\n");
    assertThat(md).contains("""
        ## 一、领域晾晒

        | 排名 | 领域 | 指标数 | 已报送 | 已达标 | 滞后 | 逾期未报 | 平均完成率 | 评价 |
        | --- | --- | --- | --- | --- | --- | --- | --- | --- |
        | 1 | 幼有善育 | 10 | 9 | 3 | 0 | 0 | 60.0% | 🟢 绿 |
        | 2 | 学有优教 | 10 | 9 | 3 | 1 | 0 | 55.0% | 🔴 红 |
        | 3 | 病有良医 | 10 | 9 | 3 | 0 | 0 | 44.6% | 🟡 黄 |
        """);
    assertThat(md).contains("| 3 | B02 指标B02 | 市教育局、市卫健局 | 滞后 | 30.5% | 50% | 19.5 |\n");
    assertThat(md).contains("| 5 | B03 指标B03 | 市教育局、市卫健局 | 逾期未报 | 未报 | 50% | — |\n");
  }

  @Test
  void shouldWriteADocxWhoseTextHoldsTheSameCountsAsTheMarkdown(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("晾晒通报.docx");
    String md = BulletinMarkdown.render(bulletin);

    BulletinDocx.write(bulletin, file);

    try (InputStream in = Files.newInputStream(file); var doc = new XWPFDocument(in)) {
      List<String> paragraphs = doc.getParagraphs().stream().map(XWPFParagraph::getText).toList();
      assertThat(paragraphs).contains(bulletin.title(), "玉环市公共服务“七优享”工程专班办公室　2024年6月30日");
      String summary = paragraphs.stream().filter(p -> p.startsWith("截至")).findFirst().orElseThrow();
      assertThat(summary).contains("共有指标11项", "滞后2项", "逾期未报1项", "时序进度为49.7%");
      assertThat(md).contains("\n" + summary + "\n");

      // Every Word table is the Markdown's table of the same section, cell for cell (less the marks' emoji).
      List<List<List<String>>> markdownTables = markdownTables(md);
      assertThat(doc.getTables()).hasSize(5); // no monitored goal: its section says so in a line
      for (int t = 0; t < 5; t++) {
        assertThat(cells(doc.getTables().get(t))).as("table %d", t + 1).isEqualTo(markdownTables.get(t));
      }
      assertThat(cells(doc.getTables().get(0)).get(2)).containsExactly("2", "学有优教", "10", "9", "3", "1", "0", "55.0%", "红");
    }
    try (var written = Files.list(dir)) {
      assertThat(written).containsExactly(file); // nothing left over from the writing
    }
  }

  @Test
  void shouldShadeEachMarkInItsColourAndSetTheChineseFont(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("b.docx");
    BulletinDocx.write(bulletin, file);

    try (InputStream in = Files.newInputStream(file); var doc = new XWPFDocument(in)) {
      XWPFTable domainTable = doc.getTables().get(0);
      assertThat(domainTable.getRows().subList(1, 5)).extracting(r -> last(r).getColor())
          .containsExactly("D9EAD3", "F4CCCC", "FFF2CC", "F4CCCC");
      var title = doc.getParagraphs().get(0);
      assertThat(title.getAlignment()).isEqualTo(org.apache.poi.xwpf.usermodel.ParagraphAlignment.CENTER);
      assertThat(title.getRuns().get(0).isBold()).isTrue();
      assertThat(title.getRuns().get(0).getFontSizeAsDouble()).isEqualTo(18.0);
      assertThat(title.getRuns().get(0).getFontFamily(FontCharRange.eastAsia)).isEqualTo("宋体");
      assertThat(last(domainTable.getRow(1)).getParagraphs().get(0).getRuns().get(0).getFontFamily(FontCharRange.eastAsia))
          .isEqualTo("宋体");
    }
  }

  @Test
  void shouldKeepTheDingTalkTextUnder5000Characters() {
    List<IndicatorRow> many = new ArrayList<>();
    List<LeagueRow> manyUnits = new ArrayList<>();
    List<AreaRow> manyAreas = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(indicator("L" + i, i % 2 == 0 ? "LAGGING" : "OVERDUE", "1", "50", String.valueOf(i)));
    }
    for (int i = 0; i < 80; i++) {
      manyUnits.add(league("U" + i, "某某市直单位" + i, i + 1, i % 8 == 0 ? 1 : 0, 0, "0.5000"));
    }
    for (int i = 0; i < 60; i++) {
      manyAreas.add(area("T" + i, "乡镇分项指标" + i, "A", "玉城街道", "10", 1));
      manyAreas.add(area("T" + i, "乡镇分项指标" + i, "B", "坎门街道", "5", 2));
    }
    var big = Bulletin.of(2024, Q2_END, many, domains, manyUnits, manyAreas, reporting);

    String text = BulletinMarkdown.renderForDingTalk(big);

    assertThat(text.length()).isLessThan(5000);
    assertThat(text).startsWith("#### 七优享晾晒通报 · 2024年第二季度\n");
    assertThat(text).contains("**一、领域晾晒**", "**二、牵头单位晾晒**", "**三、滞后和逾期未报指标**", "**四、乡镇（街道）排名**");
    assertThat(text).contains("- 逾期未报 L299 指标L299", "- 滞后 L298 指标L298", "- 评价为绿的70个单位从略", "项，详见通报全文");
    assertThat(text).doesNotContain("|");
  }

  @Test
  void shouldListEverythingForDingTalkWhenItFits() {
    String text = BulletinMarkdown.renderForDingTalk(bulletin);

    assertThat(text).contains("- 🟡 3 病有良医：平均完成率 44.6%，指标10项，已报送9项，已达标3项，滞后0项，逾期未报0项\n");
    assertThat(text).contains("- 滞后 B01 指标B01（市教育局、市卫健局）：实际 12% / 时序 40.5%（落后 28.5 个百分点）\n");
    assertThat(text).contains("- 逾期未报 B03 指标B03（市教育局、市卫健局）：实际 未报 / 时序 50%\n");
    assertThat(text).contains("- 超限 B04 指标B04（市教育局、市卫健局）：实际 6% / 时序 5%（超出 20.0 个百分点）\n");
    assertThat(text).contains("- T01 新增托位数：最优 玉城街道 120，最差 楚门镇 40（3个乡镇街道）\n");
    assertThat(text).contains("- T02 家庭医生签约率：最优 玉城街道、坎门街道 80（2个乡镇街道并列）\n");
    assertThat(text).doesNotContain("另有", "从略");
  }

  private static IndicatorRow indicator(String id, String status, String actual, String expected, String gap,
      String... leadUnits) {
    List<String> lead = leadUnits.length == 0 ? List.of("JYJ", "WJJ") : Arrays.asList(leadUnits);
    return new IndicatorRow(id, "指标" + id, "D1", "幼有善育", lead.get(0), lead, "FIRM", "RATIO", "AT_LEAST",
        new BigDecimal("100"), "%", decimal(actual), decimal(expected), decimal(gap), null, status, "2024-06", List.of(), false, null, null);
  }

  /** A goal stated by direction only (trajectory MONITORED): no target, a trend. */
  private static IndicatorRow monitored(String id, String status, String actual, String previous, String yearAgo) {
    return new IndicatorRow(id, "指标" + id, "D1", "幼有善育", "WJJ", List.of("WJJ"), "FIRM", "RATIO", "AT_LEAST",
        BigDecimal.ZERO, "%", decimal(actual), decimal(previous), null, BigDecimal.ZERO, status, "2024-Q2", List.of(), true,
        decimal(previous), decimal(yearAgo));
  }

  private static LeagueRow league(String code, String name, int rank, int lagging, int overdue, String completion) {
    return league(code, name, rank, lagging, overdue, completion, 0, 0, 0);
  }

  private static LeagueRow league(String code, String name, int rank, int lagging, int overdue, String completion,
      int atRisk, int breached, int missed) {
    return new LeagueRow(code, name, rank, 10, 9, 3, lagging, overdue, new BigDecimal(completion), 0, 0, atRisk, breached, missed);
  }

  private AreaRow area(String id, String name, String code, String areaName, String actual, int rank) {
    return new AreaRow(id, name, code, areaName, new BigDecimal(actual), "2024-Q2", rank);
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }

  private static XWPFTableCell last(XWPFTableRow row) {
    return row.getTableCells().get(row.getTableCells().size() - 1);
  }

  private static List<List<String>> cells(XWPFTable table) {
    return table.getRows().stream().map(r -> r.getTableCells().stream().map(XWPFTableCell::getText).toList()).toList();
  }

  /** The tables of a Markdown text, header rows included and separator rows left out. */
  private static List<List<List<String>>> markdownTables(String md) {
    List<List<List<String>>> tables = new ArrayList<>();
    List<List<String>> current = null;
    for (String line : md.split("\n")) {
      if (!line.startsWith("|")) {
        current = null;
        continue;
      }
      if (current == null) {
        current = new ArrayList<>();
        tables.add(current);
      }
      List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split(" \\| ", -1))
          .map(c -> c.strip().replaceAll("^(🟢|🟡|🔴) ", "")).toList();
      if (!cells.stream().allMatch("---"::equals)) {
        current.add(cells);
      }
    }
    return tables;
  }
}
