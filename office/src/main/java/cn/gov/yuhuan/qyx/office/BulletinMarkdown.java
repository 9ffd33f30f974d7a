package cn.gov.yuhuan.qyx.office;

import cn.gov.yuhuan.qyx.catalog.status.Status;
import cn.gov.yuhuan.qyx.office.Bulletin.AreaLine;
import cn.gov.yuhuan.qyx.office.Bulletin.BehindRow;
import cn.gov.yuhuan.qyx.office.Bulletin.GroupRow;
import cn.gov.yuhuan.qyx.office.Bulletin.Mark;
import cn.gov.yuhuan.qyx.office.Bulletin.Words;
import java.util.ArrayList;
import java.util.List;

/**
 * The 晾晒通报 as Markdown: the whole document with tables, and the text a DingTalk robot is sent,
 * which has lists instead (DingTalk does not render tables) and stays within its length limit.
 */
public final class BulletinMarkdown {
  /** The DingTalk text is kept shorter than this many characters (UTF-16 units, so an emoji counts twice). */
  static final int DINGTALK_LIMIT = 5000;

  /** Starts the DingTalk title, so it can serve as the robot's security keyword as 七优享预警 does for alerts. */
  static final String DINGTALK_KEYWORD = "七优享晾晒通报";

  // Room kept in a DingTalk section for the line saying what was left out.
  private static final int NOTE_ROOM = 40;

  private BulletinMarkdown() {}

  /** The whole bulletin: title, period, summary and the four sections as tables. */
  public static String render(Bulletin b) {
    var md = new StringBuilder();
    md.append("# ").append(b.title()).append("\n\n");
    md.append(Words.OFFICE).append("　").append(Words.date(b.asOf())).append("\n\n");
    md.append(Words.periodLine(b)).append("\n\n");
    md.append(Words.summary(b)).append("\n\n");
    md.append(Bulletin.MARK_RULE).append("\n\n");

    md.append("## ").append(Words.DOMAINS).append("\n\n");
    groups(md, Words.DOMAIN_HEADER, b.domains());
    md.append("## ").append(Words.LEAD_UNITS).append("\n\n");
    groups(md, Words.LEAD_UNIT_HEADER, b.leadUnits());

    md.append("## ").append(Words.BEHIND).append("\n\n");
    List<List<String>> behind = new ArrayList<>();
    for (int i = 0; i < b.behind().size(); i++) {
      behind.add(Words.cells(i + 1, b.behind().get(i)));
    }
    table(md, Words.BEHIND_HEADER, behind, Words.NO_BEHIND);

    md.append("## ").append(Words.AREAS).append("\n\n");
    table(md, Words.AREA_HEADER, b.areas().stream().map(Words::cells).toList(), Words.NO_AREAS);

    md.append("## ").append(Words.REPORTING).append("\n\n");
    table(md, Words.REPORTING_HEADER, b.reporting().stream().map(Words::cells).toList(), Words.NO_REPORTING);

    md.append("## ").append(Words.MONITORED).append("\n\n");
    table(md, Words.MONITORED_HEADER, b.monitored().stream().map(Words::cells).toList(), Words.NO_MONITORED);
    return md.toString().stripTrailing() + "\n";
  }

  /** The DingTalk message's title: 七优享晾晒通报 · 2024年第二季度. */
  public static String dingTalkTitle(Bulletin b) {
    return DINGTALK_KEYWORD + " · " + b.edition();
  }

  /**
   * The bulletin for a DingTalk robot's markdown message: headed by {@link #dingTalkTitle}, lists for
   * tables, under {@link #DINGTALK_LIMIT} characters. Each section gets an equal share of the room left
   * and passes on what it does not use; a section too long for its share says how much it left out
   * (the worst indicators, which come first, are always shown).
   */
  public static String renderForDingTalk(Bulletin b) {
    var text = new StringBuilder("#### ").append(dingTalkTitle(b)).append("\n\n");
    text.append(Words.periodLine(b)).append("\n\n");
    text.append(Words.summary(b)).append("\n\n");

    List<Section> sections = List.of(
        share -> groupSection(Words.DOMAINS, b.domains(), "个领域", share),
        share -> groupSection(Words.LEAD_UNITS, b.leadUnits(), "个单位", share),
        share -> section(Words.BEHIND, behindLines(b), Words.NO_BEHIND, share),
        share -> section(Words.AREAS, b.areas().stream().map(BulletinMarkdown::areaLine).toList(), Words.NO_AREAS, share),
        share -> section(Words.REPORTING, reportingLines(b), Words.NO_REPORTING, share),
        share -> section(Words.MONITORED, monitoredLines(b), Words.NO_MONITORED, share));
    int left = DINGTALK_LIMIT - 1 - text.length();
    for (int i = 0; i < sections.size(); i++) {
      String block = sections.get(i).within(left / (sections.size() - i));
      text.append(block);
      left -= block.length();
    }
    return text.toString().stripTrailing() + "\n";
  }

  static String emoji(Mark mark) {
    return switch (mark) {
      case RED -> "🔴";
      case YELLOW -> "🟡";
      case GREEN -> "🟢";
    };
  }

  private static void groups(StringBuilder md, List<String> header, List<GroupRow> rows) {
    List<List<String>> cells = new ArrayList<>();
    for (GroupRow r : rows) {
      List<String> row = new ArrayList<>(Words.cells(r));
      int last = row.size() - 1;
      row.set(last, emoji(r.mark()) + " " + row.get(last));
      cells.add(row);
    }
    table(md, header, cells, Words.NO_GROUPS);
  }

  private static void table(StringBuilder md, List<String> header, List<List<String>> rows, String empty) {
    if (rows.isEmpty()) {
      md.append(empty).append("\n\n");
      return;
    }
    row(md, header);
    row(md, header.stream().map(h -> "---").toList());
    rows.forEach(r -> row(md, r));
    md.append('\n');
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    // A name with a pipe in it would split its cell.
    cells.forEach(c -> md.append(' ').append(c.replace("|", "\\|")).append(" |"));
    md.append('\n');
  }

  /** A section of the DingTalk text made to fit {@code share} characters. */
  private interface Section {
    String within(int share);
  }

  private static String section(String heading, List<String> lines, String empty, int share) {
    var out = new StringBuilder("**").append(heading).append("**\n\n");
    if (lines.isEmpty()) {
      out.append(empty).append('\n');
    }
    int shown = 0;
    for (String line : lines) {
      if (out.length() + line.length() + 1 + NOTE_ROOM > share) {
        break;
      }
      out.append(line).append('\n');
      shown++;
    }
    if (shown < lines.size()) {
      out.append("- ……另有").append(lines.size() - shown).append("项，详见通报全文\n");
    }
    out.append('\n');
    return out.length() <= share ? out.toString() : "";
  }

  /** Every row if they fit; else the red and yellow ones, the green ones counted, since the notice is about who is behind. */
  private static String groupSection(String heading, List<GroupRow> rows, String noun, int share) {
    String all = section(heading, rows.stream().map(BulletinMarkdown::groupLine).toList(), Words.NO_GROUPS, share);
    if (!all.isEmpty() && !all.contains("……另有")) {
      return all;
    }
    List<String> lines = new ArrayList<>();
    long green = rows.stream().filter(r -> r.mark() == Mark.GREEN).count();
    if (green > 0) {
      // First, so that a cut for length never drops it.
      lines.add("- 评价为绿的" + green + noun + "从略");
    }
    rows.stream().filter(r -> r.mark() != Mark.GREEN).map(BulletinMarkdown::groupLine).forEach(lines::add);
    return section(heading, lines, Words.NO_GROUPS, share);
  }

  // E.g. - 🔴 1 幼有善育：平均完成率 52.3%，指标15项，已报送14项，已达标3项，滞后1项，逾期未报0项
  private static String groupLine(GroupRow r) {
    List<String> c = Words.cells(r);
    return "- " + emoji(r.mark()) + " " + c.get(0) + " " + c.get(1) + "：平均完成率 " + c.get(7) + "，指标" + c.get(2) + "项，已报送"
        + c.get(3) + "项，已达标" + c.get(4) + "项，滞后" + c.get(5) + "项，逾期未报" + c.get(6) + "项";
  }

  // E.g. - 滞后 C01 名称（市教育局）：实际 12% / 时序 40.5%（落后 21.3 个百分点）
  private static List<String> behindLines(Bulletin b) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < b.behind().size(); i++) {
      BehindRow r = b.behind().get(i);
      List<String> c = Words.cells(i + 1, r);
      var line = new StringBuilder("- ").append(c.get(3)).append(' ').append(c.get(1));
      if (!r.leadUnits().isEmpty()) {
        line.append('（').append(c.get(2)).append('）');
      }
      line.append("：实际 ").append(c.get(4)).append(" / 时序 ").append(c.get(5));
      if (r.gap() != null) {
        // A ceiling's gap is how far above it the actual is.
        line.append(r.status() == Status.BREACHED ? "（超出 " : "（落后 ").append(c.get(6)).append(" 个百分点）");
      }
      lines.add(line.toString());
    }
    return lines;
  }

  // E.g. - 1 市教育局：报送及时率 95.0%，应报40件，已报39件，按时38件，迟报1件，未报1件. The worst last: a cut keeps the best.
  private static List<String> reportingLines(Bulletin b) {
    return b.reporting().stream().map(r -> {
      List<String> c = Words.cells(r);
      return "- " + c.get(0) + " " + c.get(1) + "：报送及时率 " + c.get(7) + "，应报" + c.get(2) + "件，已报" + c.get(3) + "件，按时"
          + c.get(4) + "件，迟报" + c.get(5) + "件，未报" + c.get(6) + "件";
    }).toList();
  }

  // E.g. - 托位使用率（市卫生健康局）：最新 63%，上期 60%，去年同期 —，向好
  private static List<String> monitoredLines(Bulletin b) {
    return b.monitored().stream().map(m -> {
      List<String> c = Words.cells(m);
      return "- " + c.get(0) + "（" + c.get(1) + "）：最新 " + c.get(2) + "，上期 " + c.get(3) + "，去年同期 " + c.get(4) + "，" + c.get(5);
    }).toList();
  }

  // E.g. - C05 名称：最优 玉城街道 98%，最差 坎门街道 80%（9个乡镇街道）
  private static String areaLine(AreaLine line) {
    List<String> c = Words.cells(line);
    String rest = line.areas() == 1 ? "（仅1个乡镇街道）"
        : line.tied() ? "（" + c.get(1) + "个乡镇街道并列）"
        : "，最差 " + c.get(3) + "（" + c.get(1) + "个乡镇街道）";
    return "- " + c.get(0) + "：最优 " + c.get(2) + rest;
  }
}
