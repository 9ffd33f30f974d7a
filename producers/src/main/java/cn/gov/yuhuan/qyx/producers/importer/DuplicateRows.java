package cn.gov.yuhuan.qyx.producers.importer;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.producers.Reports;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rows of one file that are about the same thing. A row that repeats an earlier one figure for
 * figure is a {@link Duplicate} (a list pasted twice). Rows giving different figures for the same
 * indicator, area, period and revision, or sharing an event_id, all fail: which of them the clerk
 * means is not for the importer to guess, and the pipeline would keep whichever it orders last.
 */
final class DuplicateRows {
  private final String file;
  private final Map<Long, Conflict> conflicts = new HashMap<>();

  private DuplicateRows(String file) {
    this.file = file;
  }

  /** The rows to send, the duplicates, and the conflicts found among the rows. */
  record Sorted(List<ReadyRow> kept, List<Duplicate> duplicates, List<RowError> errors) {}

  private record Conflict(String field, String rows, String problem) {}

  static Sorted sort(String file, List<ReadyRow> rows) {
    return new DuplicateRows(file).run(rows);
  }

  private Sorted run(List<ReadyRow> rows) {
    // The derived id covers every figure of a report, and leaves out when it was made.
    Map<String, ReadyRow> firstByContent = new HashMap<>();
    List<ReadyRow> distinct = new ArrayList<>();
    List<Duplicate> repeats = new ArrayList<>();
    for (ReadyRow row : rows) {
      ReadyRow first = firstByContent.putIfAbsent(Reports.derivedEventId(row.report()), row);
      if (first == null) {
        distinct.add(row);
      } else {
        repeats.add(new Duplicate(row.row(), first.row()));
      }
    }
    findConflicts(distinct, DuplicateRows::dataValue, ImportColumn.VALUE.header(), "give different figures for the same indicator,"
        + " area, period and revision: keep one, or make the later a correction with a higher revision");
    findConflicts(distinct, ProgressReport::getEventId, ImportColumn.EVENT_ID.header(), "share an event_id but give different figures");

    List<ReadyRow> kept = new ArrayList<>();
    List<Duplicate> duplicates = new ArrayList<>();
    List<RowError> errors = new ArrayList<>();
    for (ReadyRow row : distinct) {
      Conflict conflict = conflicts.get(row.row());
      if (conflict == null) {
        kept.add(row);
      } else {
        errors.add(RowError.of(file, row.row(), conflict.field(), ImportReason.CONFLICTING_ROWS, conflict.rows() + " " + conflict.problem()));
      }
    }
    for (Duplicate repeat : repeats) {
      Conflict conflict = conflicts.get(repeat.sameAs());
      if (conflict == null) {
        duplicates.add(repeat);
      } else {
        errors.add(RowError.of(file, repeat.row(), conflict.field(), ImportReason.CONFLICTING_ROWS,
            "repeats row " + repeat.sameAs() + "; " + conflict.rows() + " " + conflict.problem()));
      }
    }
    return new Sorted(kept, duplicates, errors);
  }

  private void findConflicts(List<ReadyRow> rows, Function<ProgressReport, String> key, String field, String problem) {
    Map<String, List<Long>> groups = rows.stream().filter(r -> !conflicts.containsKey(r.row()))
        .collect(Collectors.groupingBy(r -> key.apply(r.report()), LinkedHashMap::new, Collectors.mapping(ReadyRow::row, Collectors.toList())));
    for (List<Long> group : groups.values()) {
      if (group.size() > 1) {
        String names = "rows " + group.stream().map(String::valueOf).collect(Collectors.joining(", "));
        group.forEach(row -> conflicts.put(row, new Conflict(field, names, problem)));
      }
    }
  }

  private static String dataValue(ProgressReport r) {
    return String.join("\u001f", r.getIndicatorId(), r.getAreaCode(), r.getPeriod(), String.valueOf(r.getRevision()));
  }
}
