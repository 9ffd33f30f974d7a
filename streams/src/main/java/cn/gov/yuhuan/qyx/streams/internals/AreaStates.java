package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.state.AreaState;
import cn.gov.yuhuan.qyx.state.PeriodValue;
import java.util.HashMap;
import java.util.Map;

/**
 * Adder and subtractor of the per-area state: the standing value of each period. Kafka Streams
 * calls the subtractor with a data value's old report and the adder with its new one; a retraction
 * is added as nothing, so the period disappears.
 */
public final class AreaStates {
  private AreaStates() {}

  public static AreaState empty() {
    return new AreaState("", "", Map.of(), 0L);
  }

  public static AreaState add(String key, DataValue value, AreaState state) {
    Map<String, PeriodValue> periods = new HashMap<>(state.getPeriods());
    if (!value.getRetracted()) {
      periods.put(value.getPeriod(), new PeriodValue(value.getPeriodStart(), value.getPeriodEnd(),
          value.getValue(), value.getNumerator(), value.getDenominator()));
    }
    return next(value, state, periods);
  }

  public static AreaState subtract(String key, DataValue value, AreaState state) {
    Map<String, PeriodValue> periods = new HashMap<>(state.getPeriods());
    periods.remove(value.getPeriod());
    return next(value, state, periods);
  }

  private static AreaState next(DataValue value, AreaState state, Map<String, PeriodValue> periods) {
    return new AreaState(value.getIndicatorId(), value.getAreaCode(), periods, state.getVersion() + 1);
  }
}
