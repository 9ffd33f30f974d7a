package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.state.AreaState;
import cn.gov.yuhuan.qyx.state.PeriodValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The per-area state: the standing report of each period. A retraction stays as a retracted period,
 * so that a late lower revision cannot bring the value back.
 */
public final class AreaStates {
  private AreaStates() {}

  public static AreaState empty(String indicatorId, int planYear, String areaCode) {
    return new AreaState(indicatorId, areaCode, Map.of(), 0L, planYear);
  }

  /** The state with {@code value} standing for its period, or empty when the standing report outranks it. */
  public static Optional<AreaState> apply(AreaState state, DataValue value) {
    PeriodValue standing = state.getPeriods().get(value.getPeriod());
    if (standing != null && !Revisions.replaces(value, standing)) {
      return Optional.empty();
    }
    Map<String, PeriodValue> periods = new HashMap<>(state.getPeriods());
    periods.put(value.getPeriod(), new PeriodValue(value.getPeriodStart(), value.getPeriodEnd(),
        value.getRetracted() ? null : value.getValue(),
        value.getRetracted() ? null : value.getNumerator(),
        value.getRetracted() ? null : value.getDenominator(),
        value.getRevision(), value.getReportedAt(), value.getEventId(), value.getRetracted()));
    return Optional.of(new AreaState(value.getIndicatorId(), value.getAreaCode(), periods, state.getVersion() + 1, state.getPlanYear()));
  }
}
