package cn.gov.yuhuan.qyx.streams.status;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The rows the indicator stage has written since its last flush, only the latest per key. Under a
 * load of corrections an indicator's row changes hundreds of times a second; writing each change
 * would cost a record on its topic and a row in ClickHouse, and only the last one counts. Alerts
 * never pass through here: each of their records is an event.
 *
 * <p>Held in memory only: what a crash or a rebalance loses between a commit and the next flush,
 * the stage writes again on start, from its stores (see {@code EvaluateIndicators#republish}).
 */
final class LatestRows {
  private final Map<String, Record<String, StatusOutput>> rows = new LinkedHashMap<>();

  void put(Record<String, StatusOutput> row) {
    rows.put(row.value().target() + "/" + row.key(), row);
  }

  int size() {
    return rows.size();
  }

  /**
   * Forwards every row kept, each stamped no earlier than the task's stream time, so a row's topic
   * never goes back in time (a value held for its as-of date is applied after later ones).
   */
  void flushTo(ProcessorContext<String, StatusOutput> context) {
    long streamTime = context.currentStreamTimeMs();
    rows.values().forEach(row -> context.forward(row.withTimestamp(Math.max(row.timestamp(), streamTime))));
    rows.clear();
  }
}
