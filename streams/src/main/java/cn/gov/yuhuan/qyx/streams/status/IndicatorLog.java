package cn.gov.yuhuan.qyx.streams.status;

import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.schemas.DataValueKey;
import cn.gov.yuhuan.qyx.state.AreaState;
import cn.gov.yuhuan.qyx.state.IndicatorTotals;
import cn.gov.yuhuan.qyx.state.TimedValue;
import cn.gov.yuhuan.qyx.streams.internals.AreaStates;
import cn.gov.yuhuan.qyx.streams.internals.Plausibility;
import cn.gov.yuhuan.qyx.streams.internals.Progress;
import cn.gov.yuhuan.qyx.streams.internals.Revisions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An indicator's progress from its own log of data values, as it stood at a moment: the same
 * rules, through the same functions, as the topology's tables (standing revision, per area, city),
 * applied to the values sent up to that moment. This is what makes an evaluation at an as-of date
 * independent of the order values and ticks reach the evaluator.
 */
final class IndicatorLog {
  private IndicatorLog() {}

  /** Progress from the values sent at or before {@code sentBy} (epoch millis; Long.MAX_VALUE for all). */
  static IndicatorProgress progressAt(List<TimedValue> log, long sentBy, IndicatorDefinition indicator, Plausibility plausibility) {
    Map<String, DataValue> standing = new TreeMap<>();
    for (TimedValue timed : log) {
      if (timed.getSentAt().toEpochMilli() <= sentBy) {
        DataValue value = timed.getValue();
        standing.merge(DataValueKey.of(value.getIndicatorId(), value.getAreaCode(), value.getPeriod()), value, Revisions::standing);
      }
    }
    Map<String, AreaState> areas = new TreeMap<>();
    standing.forEach((key, value) ->
        areas.put(value.getAreaCode(), AreaStates.add(key, value, areas.getOrDefault(value.getAreaCode(), AreaStates.empty()))));
    IndicatorTotals totals = Progress.emptyTotals();
    for (AreaState area : areas.values()) {
      totals = Progress.addArea(indicator.getId(), Progress.ofArea(area, indicator, plausibility), totals);
    }
    return Progress.ofIndicator(totals, indicator);
  }
}
