package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.fixtures.MixedBatch;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.ops.Rebuild;
import cn.gov.yuhuan.qyx.producers.demo.DemoBatch;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §2: every derived table can be rebuilt by replaying the event log, and the rebuild gives
 * the same numbers. Runs the pipeline on a realistic batch with corrections, duplicates and bad
 * records, forgets everything derived, runs it again, and compares every analyst table.
 */
class ReplayIT {
  /** What analysts read, without the columns that say when or in which order a row was written. */
  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("progress_events", "SELECT event_id, indicator_id, area_code, period, value, numerator, denominator, revision, "
        + "retracted, source_partition, source_offset FROM qyx.progress_events FINAL ORDER BY source_partition, source_offset");
    TABLES.put("rejected_events", "SELECT reason, detail, source_topic, source_partition, source_offset, raw_value_base64 "
        + "FROM qyx.rejected_events FINAL ORDER BY source_topic, source_partition, source_offset");
    TABLES.put("area_progress", "SELECT indicator_id, area_code, actual, numerator, denominator, latest_period, value_count "
        + "FROM qyx.area_progress FINAL ORDER BY indicator_id, area_code");
    TABLES.put("indicator_progress", "SELECT indicator_id, actual, numerator, denominator, area_count, completion, achieved "
        + "FROM qyx.indicator_progress FINAL ORDER BY indicator_id");
    TABLES.put("domain_progress", "SELECT domain, reported_indicators, achieved_indicators, completion_sum "
        + "FROM qyx.domain_progress FINAL ORDER BY domain");
    TABLES.put("unit_progress", "SELECT lead_unit, reported_indicators, achieved_indicators, completion_sum "
        + "FROM qyx.unit_progress FINAL ORDER BY lead_unit");
  }

  @Test
  void shouldRebuildIdenticalTablesFromTheEventLog() throws Exception {
    try (LocalStack stack = LocalStack.start("ReplayIT")) {
      var clickhouse = stack.clickhouse();
      Map<String, List<List<String>>> first;
      try (PipelineRun run = PipelineRun.start(stack)) {
        MixedBatch mixed = new MixedBatch();
        List<ProgressReport> reports = new java.util.ArrayList<>(DemoBatch.generate(11).reports()); // a duplicate, a correction
        reports.addAll(mixed.reports());                                                            // every reason code
        run.send(mixed.rawRecords(), reports);
        run.awaitLanding();
        first = snapshot(clickhouse);
      }
      assertThat(first.get("indicator_progress")).as("the first run landed progress").isNotEmpty();
      assertThat(first.get("rejected_events")).as("the first run rejected the bad records").hasSize(18);

      List<String> deleted = new Rebuild(PipelineRun.config(stack, Map.of())).forgetDerived();
      assertThat(deleted).contains("ClickHouse database qyx", "topic " + Topics.ACCEPTED_REPORTS);
      assertThat(clickhouse.value("SELECT count() FROM system.databases WHERE name = 'qyx'")).isEqualTo("0");

      try (PipelineRun again = PipelineRun.start(stack)) {
        again.awaitLanding();
        Map<String, List<List<String>>> rebuilt = snapshot(clickhouse);
        for (String table : TABLES.keySet()) {
          assertThat(rebuilt.get(table)).as(table + " after the rebuild").isEqualTo(first.get(table));
        }
      }
    }
  }

  private static Map<String, List<List<String>>> snapshot(ClickHouseQuery clickhouse) throws Exception {
    Map<String, List<List<String>>> tables = new LinkedHashMap<>();
    for (var table : TABLES.entrySet()) {
      tables.put(table.getKey(), clickhouse.rows(table.getValue()));
    }
    return tables;
  }
}
