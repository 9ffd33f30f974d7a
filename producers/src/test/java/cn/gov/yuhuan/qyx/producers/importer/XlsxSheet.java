package cn.gov.yuhuan.qyx.producers.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Builds an .xlsx file cell by cell, each cell of the type a clerk's Excel would give it. */
final class XlsxSheet {
  private final XSSFWorkbook workbook = new XSSFWorkbook();
  private final XSSFSheet sheet = workbook.createSheet("五月");
  private final CellStyle dateTime = style("yyyy-mm-dd hh:mm");
  private final CellStyle month = style("yyyy-mm");
  private final CellStyle percent = style("0.0%");
  private Row row;

  XlsxSheet(String... header) {
    row(1);
    for (String name : header) {
      text(name);
    }
  }

  /** Starts the row Excel numbers {@code number}. */
  XlsxSheet row(int number) {
    row = sheet.createRow(number - 1);
    return this;
  }

  XlsxSheet text(String value) {
    next().setCellValue(value);
    return this;
  }

  XlsxSheet number(double value) {
    next().setCellValue(value);
    return this;
  }

  XlsxSheet percent(double value) {
    Cell cell = next();
    cell.setCellValue(value);
    cell.setCellStyle(percent);
    return this;
  }

  XlsxSheet dateTime(LocalDateTime value) {
    Cell cell = next();
    cell.setCellValue(value);
    cell.setCellStyle(dateTime);
    return this;
  }

  /** What Excel makes of 2024-05 typed into a General cell: the first of May, shown as a month. */
  XlsxSheet monthDate(int year, int monthOfYear) {
    Cell cell = next();
    cell.setCellValue(LocalDateTime.of(year, monthOfYear, 1, 0, 0));
    cell.setCellStyle(month);
    return this;
  }

  XlsxSheet formula(String formula) {
    next().setCellFormula(formula);
    return this;
  }

  /** A cell that exists but holds nothing, as a deleted value leaves behind. */
  XlsxSheet blank() {
    next().setBlank();
    return this;
  }

  Path save(Path file) throws IOException {
    workbook.getCreationHelper().createFormulaEvaluator().evaluateAll(); // Excel saves each formula's result
    return ImportFixtures.save(workbook, file);
  }

  private Cell next() {
    return row.createCell(Math.max(row.getLastCellNum(), 0));
  }

  private CellStyle style(String format) {
    CellStyle style = workbook.createCellStyle();
    style.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat(format));
    return style;
  }
}
