package cn.gov.yuhuan.qyx.producers.importer;

import cn.gov.yuhuan.qyx.events.ProgressReport;

/**
 * A row that passed every check, and the report it is sent as.
 *
 * @param row the row as the user sees it (header = 1)
 * @param report the report, with its event id (derived from the row when the row has none)
 */
public record ReadyRow(long row, ProgressReport report) {}
