package cn.gov.yuhuan.qyx.office;

import cn.gov.yuhuan.qyx.office.Bulletin.GroupRow;
import cn.gov.yuhuan.qyx.office.Bulletin.Mark;
import cn.gov.yuhuan.qyx.office.Bulletin.Words;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableCell.XWPFVertAlign;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTShd;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTcPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STShd;

/** The 晾晒通报 as a Word document, the same words and figures as {@link BulletinMarkdown#render}. */
public final class BulletinDocx {
  static final String SONG = "宋体";
  static final String HEI = "黑体";
  static final String RED_FILL = "F4CCCC";
  static final String YELLOW_FILL = "FFF2CC";
  static final String GREEN_FILL = "D9EAD3";
  private static final String HEADER_FILL = "D9D9D9";

  private BulletinDocx() {}

  /**
   * Writes the bulletin to {@code file}, replacing it whole: it is written beside it first and moved
   * into place, so nobody downloading it meanwhile gets half a document.
   */
  public static void write(Bulletin b, Path file) throws IOException {
    Path target = file.toAbsolutePath();
    // A plain file name (not createTempFile's, which is owner-only): the notice is for the office to pass on, as the .md.
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try {
      try (var doc = document(b); OutputStream out = Files.newOutputStream(part)) {
        doc.write(out);
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  static XWPFDocument document(Bulletin b) {
    var doc = new XWPFDocument();
    text(doc.createParagraph(), b.title(), SONG, 18, true, ParagraphAlignment.CENTER);
    // The as-of date, not the day it was printed: the same bulletin printed again is the same document.
    text(doc.createParagraph(), Words.OFFICE + "　" + Words.date(b.asOf()), SONG, 12, false, ParagraphAlignment.CENTER);
    text(doc.createParagraph(), Words.periodLine(b), SONG, 12, false, ParagraphAlignment.LEFT);
    XWPFParagraph summary = doc.createParagraph();
    summary.setIndentationFirstLine(560); // two characters of 14 pt, in twips
    text(summary, Words.summary(b), SONG, 14, false, ParagraphAlignment.BOTH);
    text(doc.createParagraph(), Bulletin.MARK_RULE, SONG, 12, false, ParagraphAlignment.LEFT);

    heading(doc, Words.DOMAINS);
    groups(doc, Words.DOMAIN_HEADER, b.domains());
    heading(doc, Words.LEAD_UNITS);
    groups(doc, Words.LEAD_UNIT_HEADER, b.leadUnits());

    heading(doc, Words.BEHIND);
    List<List<String>> behind = new ArrayList<>();
    for (int i = 0; i < b.behind().size(); i++) {
      behind.add(Words.cells(i + 1, b.behind().get(i)));
    }
    table(doc, Words.BEHIND_HEADER, behind, Words.NO_BEHIND);

    heading(doc, Words.AREAS);
    table(doc, Words.AREA_HEADER, b.areas().stream().map(Words::cells).toList(), Words.NO_AREAS);

    heading(doc, Words.REPORTING);
    table(doc, Words.REPORTING_HEADER, b.reporting().stream().map(Words::cells).toList(), Words.NO_REPORTING);

    heading(doc, Words.MONITORED);
    table(doc, Words.MONITORED_HEADER, b.monitored().stream().map(Words::cells).toList(), Words.NO_MONITORED);
    return doc;
  }

  static String fill(Mark mark) {
    return switch (mark) {
      case RED -> RED_FILL;
      case YELLOW -> YELLOW_FILL;
      case GREEN -> GREEN_FILL;
    };
  }

  private static void heading(XWPFDocument doc, String text) {
    text(doc.createParagraph(), text, HEI, 14, true, ParagraphAlignment.LEFT);
  }

  private static void groups(XWPFDocument doc, List<String> header, List<GroupRow> rows) {
    XWPFTable table = table(doc, header, rows.stream().map(Words::cells).toList(), Words.NO_GROUPS);
    for (int i = 0; i < rows.size(); i++) {
      XWPFTableRow row = table.getRow(i + 1);
      shade(row.getCell(row.getTableCells().size() - 1), fill(rows.get(i).mark()));
    }
  }

  /** A table with a header row repeated on every page; null, and {@code empty} said instead, when there are no rows. */
  private static XWPFTable table(XWPFDocument doc, List<String> header, List<List<String>> rows, String empty) {
    if (rows.isEmpty()) {
      text(doc.createParagraph(), empty, SONG, 12, false, ParagraphAlignment.LEFT);
      return null;
    }
    XWPFTable table = doc.createTable(rows.size() + 1, header.size());
    table.setWidth("100%");
    XWPFTableRow head = table.getRow(0);
    head.setRepeatHeader(true);
    for (int c = 0; c < header.size(); c++) {
      cell(head.getCell(c), header.get(c), true);
      shade(head.getCell(c), HEADER_FILL);
    }
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < header.size(); c++) {
        cell(table.getRow(r + 1).getCell(c), rows.get(r).get(c), false);
      }
    }
    return table;
  }

  private static void cell(XWPFTableCell cell, String text, boolean bold) {
    cell.setVerticalAlignment(XWPFVertAlign.CENTER);
    text(cell.getParagraphs().get(0), text, SONG, 10.5, bold, ParagraphAlignment.CENTER);
  }

  private static void shade(XWPFTableCell cell, String fill) {
    CTTcPr pr = cell.getCTTc().isSetTcPr() ? cell.getCTTc().getTcPr() : cell.getCTTc().addNewTcPr();
    CTShd shd = pr.isSetShd() ? pr.getShd() : pr.addNewShd();
    shd.setVal(STShd.CLEAR);
    shd.setColor("auto");
    shd.setFill(fill);
  }

  private static void text(XWPFParagraph paragraph, String text, String font, double size, boolean bold,
      ParagraphAlignment alignment) {
    paragraph.setAlignment(alignment);
    XWPFRun run = paragraph.createRun();
    // In the order of the first edition's w:rPr sequence (rFonts, b, sz), which older Word versions insist on.
    run.setFontFamily(font);
    // Word picks the font of Chinese characters from the East Asian slot: without it they fall back to the theme's.
    run.setFontFamily(font, FontCharRange.eastAsia);
    if (bold) {
      run.setBold(true);
    }
    run.setFontSize(size);
    run.setText(text);
  }
}
