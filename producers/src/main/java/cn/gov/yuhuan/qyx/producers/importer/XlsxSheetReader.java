package cn.gov.yuhuan.qyx.producers.importer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.openxml4j.exceptions.OLE2NotOfficeXmlFileException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

/**
 * Reads the first sheet of an .xlsx workbook (Excel or WPS), keeping what each cell is: text, a
 * number, or a date. A formula counts as the result Excel saved with it.
 */
final class XlsxSheetReader {
  /** Excel shows and keeps 15 significant digits; past them a double only adds noise (0.1+0.2). */
  private static final MathContext EXCEL_DIGITS = new MathContext(15);

  private XlsxSheetReader() {}

  static RawSheet read(Path file) throws UnreadableFileException {
    String name = file.getFileName().toString();
    try (Workbook workbook = WorkbookFactory.create(file.toFile(), null, true)) {
      if (workbook.getNumberOfSheets() == 0) {
        throw new UnreadableFileException(name + " has no sheet");
      }
      Sheet sheet = workbook.getSheetAt(0);
      Map<Integer, String> header = new HashMap<>();
      Row first = sheet.getRow(0);
      if (first != null) {
        cells(first).forEach((index, value) -> header.put(index, text(value)));
      }
      List<RawSheet.Row> rows = new ArrayList<>();
      for (int i = 1; i <= sheet.getLastRowNum(); i++) {
        Row row = sheet.getRow(i);
        Map<Integer, CellValue> cells = row == null ? Map.of() : cells(row);
        if (!cells.isEmpty()) {
          rows.add(new RawSheet.Row(i + 1L, cells));
        }
      }
      return new RawSheet(name, header, rows, index -> "column " + CellReference.convertNumToColString(index));
    } catch (EncryptedDocumentException e) {
      throw new UnreadableFileException(name + " is protected by a password; save a copy without one", e);
    } catch (OLE2NotOfficeXmlFileException e) {
      throw new UnreadableFileException(name + " is an old .xls workbook under an .xlsx name; save it as .xlsx", e);
    } catch (IOException | RuntimeException e) {
      // POI signals a damaged or non-OOXML file with assorted runtime exceptions.
      throw new UnreadableFileException(name + " is not a readable .xlsx workbook: " + e.getMessage(), e);
    }
  }

  private static Map<Integer, CellValue> cells(Row row) {
    Map<Integer, CellValue> cells = new HashMap<>();
    for (Cell cell : row) {
      value(cell).ifPresent(value -> cells.put(cell.getColumnIndex(), value));
    }
    return cells;
  }

  private static Optional<CellValue> value(Cell cell) {
    CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
    return switch (type) {
      case STRING -> text(cell.getStringCellValue());
      case NUMERIC -> Optional.of(DateUtil.isCellDateFormatted(cell)
          ? new CellValue.DateTime(cell.getLocalDateTimeCellValue())
          : new CellValue.Numeric(new BigDecimal(cell.getNumericCellValue(), EXCEL_DIGITS).stripTrailingZeros(),
              cell.getCellStyle().getDataFormatString().contains("%")));
      case BOOLEAN -> Optional.of(new CellValue.Text(cell.getBooleanCellValue() ? "TRUE" : "FALSE"));
      case ERROR -> Optional.of(new CellValue.Text(FormulaError.forInt(cell.getErrorCellValue()).getString()));
      default -> Optional.empty();
    };
  }

  private static Optional<CellValue> text(String raw) {
    String text = Texts.clean(raw);
    return text.isEmpty() ? Optional.empty() : Optional.of(new CellValue.Text(text));
  }

  /** A header cell as text, whatever its type. */
  private static String text(CellValue value) {
    if (value instanceof CellValue.Text t) {
      return t.text();
    }
    if (value instanceof CellValue.Numeric n) {
      return n.number().toPlainString();
    }
    return ((CellValue.DateTime) value).dateTime().toString();
  }
}
