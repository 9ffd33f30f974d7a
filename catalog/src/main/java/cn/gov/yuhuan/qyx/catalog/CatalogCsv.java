package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import java.io.IOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The catalog as one CSV row per indicator, for analysts and spreadsheets. */
public final class CatalogCsv {
  /** The columns, in order. */
  public static final String[] HEADER = {"id", "domain", "name", "kind", "direction", "target", "unit", "lead_unit", "deadline"};

  private CatalogCsv() {}

  /** Writes the header and one row per indicator; targets in the plan's own unit, without trailing zeros. */
  public static void write(Catalog catalog, Appendable out) throws IOException {
    var format = CSVFormat.RFC4180.builder().setHeader(HEADER).setRecordSeparator('\n').get();
    // Not closed: that would close the caller's stream (System.out).
    var printer = new CSVPrinter(out, format);
    for (IndicatorDefinition i : catalog.indicators()) {
      printer.printRecord(i.getId(), i.getDomain(), i.getName(), i.getKind(), i.getDirection(),
          i.getTarget().stripTrailingZeros().toPlainString(), i.getUnit(), i.getLeadUnit(), i.getDeadline());
    }
    printer.flush();
  }
}
