package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.producers.Reports;
import picocli.CommandLine.Option;

/** Which data value a command is about, and who reports it. */
final class DataValueOptions {
  @Option(names = "--indicator", required = true, paramLabel = "ID", description = "Catalog id, e.g. health.aed_installed (./qyx catalog lists them).")
  String indicator;

  @Option(names = "--area", required = true, paramLabel = "CODE", description = "CITY or a township code, e.g. KANMEN.")
  String area;

  @Option(names = "--period", required = true, paramLabel = "P", description = "2024-05, 2024-Q2, 2024 or 2024-05-17, as the indicator's cadence asks.")
  String period;

  @Option(names = "--unit", required = true, paramLabel = "UNIT", description = "The reporting unit's code, e.g. 市卫生健康局.")
  String unit;

  @Option(names = "--note", description = "A note kept with the report.")
  String note;

  @Option(names = "--event-id", description = "Your system's id for the report; derived from its content if not given.")
  String eventId;

  Reports.Builder apply(Reports.Builder builder) {
    return builder.reportingUnit(unit).note(note).eventId(eventId);
  }
}
