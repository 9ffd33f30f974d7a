package cn.gov.yuhuan.qyx.office;

import cn.gov.yuhuan.qyx.catalog.status.Status;
import cn.gov.yuhuan.qyx.streams.internals.Plausibility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Every table of the dashboard as an .xlsx sheet, with the same figures the page shows. */
final class XlsxExport {
  /** The tables that can be exported, by the name in /export/NAME.xlsx. */
  static final List<String> TABLES = List.of("indicators", "monitored", "domain-league", "unit-league", "area-league", "reporting",
      "alerts", "assessment");

  record Sheet(String title, List<String> headers, List<List<Object>> rows) {}

  private XlsxExport() {}

  static Optional<Sheet> sheet(OfficeData data, DashboardServer.AsOf at, String table) {
    int year = at.planYear();
    return Optional.ofNullable(switch (table) {
      case "indicators" -> new Sheet("指标一览", List.of("指标编号", "指标", "领域", "牵头单位", "实际", "时序目标", "落后(百分点)",
          "目标", "单位", "完成率", "状态", "最新期次", "合理性提示"),
          rows(data.indicators(year, at.date()).stream().filter(r -> !r.monitored()).toList(), r -> List.of(r.id(), r.name(), r.domainName(), String.join("、", r.leadUnits()),
              n(r.actual()), n(r.expected()), n(r.gap()), n(r.target()), r.unit(), n(r.completion()), Status.labelOf(r.status()),
              s(r.latestPeriod()), r.flags().stream().map(Plausibility::label).collect(java.util.stream.Collectors.joining("、")))));
      case "domain-league" -> league("领域晾晒", "领域", Bulletin.of(data, year, at.date()).domains());
      case "unit-league" -> league("牵头单位晾晒", "牵头单位", Bulletin.of(data, year, at.date()).leadUnits());
      case "monitored" -> new Sheet("监测指标", List.of("指标编号", "指标", "牵头单位", "最新", "上期", "去年同期", "单位", "趋势", "最新期次"),
          rows(data.indicators(year, at.date()).stream().filter(OfficeData.IndicatorRow::monitored).toList(), r -> List.of(r.id(), r.name(),
              String.join("、", r.leadUnits()), n(r.actual()), n(r.previous()), n(r.yearAgo()), r.unit(), Status.labelOf(r.status()),
              s(r.latestPeriod()))));
      case "reporting" -> new Sheet("报送情况", List.of("排名", "牵头单位", "应报", "已报", "按时报送", "迟报", "未报", "报送及时率(%)"),
          rows(Bulletin.reportingLines(data.reporting(year, at.date())), r -> List.of(r.rank(), r.name(), r.expected(), r.received(),
              r.onTime(), r.late(), r.missing(), r.rate())));
      case "area-league" -> new Sheet("乡镇街道排名", List.of("指标编号", "指标", "乡镇(街道)", "实际", "最新期次", "排名"),
          rows(data.areaLeague(year, at.date()), a -> List.of(a.indicatorId(), a.indicatorName(), a.areaName(), n(a.actual()),
              s(a.latestPeriod()), a.rank())));
      case "alerts" -> new Sheet("预警", List.of("指标编号", "指标", "范围", "类型", "牵头单位", "状态", "发出日", "解除日", "实际",
          "时序目标", "落后(百分点)", "单位", "静默/抑制"),
          rows(data.alerts(year, at.date()), a -> List.of(a.indicatorId(), a.indicatorName(), a.areaCode(), Status.labelOf(a.kind()),
              a.leadUnit(), !AlertStates.firingOn(a, at.date()) ? "已解除" : a.mutedBy() != null ? "已静默或抑制" : "预警中",
              a.raisedAsOf().toString(),
              AlertStates.firingOn(a, at.date()) ? "" : a.resolvedAsOf().toString(),
              n(a.actual()), n(a.expected()), n(a.gap()), a.unit(), s(a.mutedLabel()))));
      case "assessment" -> new Sheet("年度考核", List.of("指标编号", "指标", "领域", "牵头单位", "类别", "状态", "实际", "目标", "单位",
          "完成率", "评估日", "截止日", "是否终评", "是否完成"),
          rows(data.assessment(year), a -> List.of(a.id(), a.name(), a.domain(), a.leadUnit(),
              "STRETCH".equals(a.firmness()) ? "争创" : "约束", Status.labelOf(a.status()), n(a.actual()), n(a.target()), a.unit(),
              n(a.completion()), a.assessedAsOf().toString(), a.deadline().toString(), a.fin() ? "是" : "否", a.met() ? "是" : "否")));
      default -> null;
    });
  }

  /** The 晾晒榜 page's and the bulletin's rows: completion in percent, the mark. */
  private static Sheet league(String title, String groupHeader, List<Bulletin.GroupRow> rows) {
    return new Sheet(title, List.of("排名", groupHeader, "指标数", "已报送", "已达标", "滞后", "逾期未报", "平均完成率(%)", "评价"),
        rows(rows, l -> List.of(l.rank(), l.name(), l.indicators(), l.reported(), l.achieved(), l.lagging(), l.overdue(),
            n(l.averageCompletion()), l.mark().label())));
  }

  private static <T> List<List<Object>> rows(List<T> items, java.util.function.Function<T, List<Object>> row) {
    List<List<Object>> out = new ArrayList<>();
    items.forEach(item -> out.add(row.apply(item)));
    return out;
  }

  /** A number cell, or an empty one for no value. */
  private static Object n(BigDecimal value) {
    return value == null ? "" : value;
  }

  private static String s(String value) {
    return value == null ? "" : value;
  }

  static byte[] write(Sheet sheet) throws IOException {
    try (var workbook = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
      XSSFSheet xs = workbook.createSheet(sheet.title());
      CellStyle bold = workbook.createCellStyle();
      Font font = workbook.createFont();
      font.setBold(true);
      bold.setFont(font);
      Row header = xs.createRow(0);
      for (int c = 0; c < sheet.headers().size(); c++) {
        header.createCell(c).setCellValue(sheet.headers().get(c));
        header.getCell(c).setCellStyle(bold);
      }
      for (int r = 0; r < sheet.rows().size(); r++) {
        Row row = xs.createRow(r + 1);
        List<Object> values = sheet.rows().get(r);
        for (int c = 0; c < values.size(); c++) {
          Object v = values.get(c);
          if (v instanceof BigDecimal d) {
            row.createCell(c).setCellValue(d.doubleValue());
          } else if (v instanceof Integer i) {
            row.createCell(c).setCellValue(i);
          } else {
            row.createCell(c).setCellValue(String.valueOf(v));
          }
        }
      }
      xs.createFreezePane(0, 1);
      workbook.write(out);
      return out.toByteArray();
    }
  }
}
