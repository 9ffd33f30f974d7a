package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.LeadUnits;
import cn.gov.yuhuan.qyx.events.IndicatorProgress;
import cn.gov.yuhuan.qyx.schemas.PlanKeys;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An indicator's current row once per lead unit ({@link PlanKeys#leadUnitRow}), so the lead-unit
 * sums count an indicator with joint lead units (联合牵头) for each of them. A unit the row no
 * longer has (an edition changed its lead units, or the indicator left the catalog) gets a
 * tombstone, so its sums let go of the indicator.
 */
public final class RowsPerLeadUnit implements Processor<String, IndicatorProgress, String, IndicatorProgress> {
  /** Store of the lead units each plan indicator's row was last counted for, joined by a newline. */
  public static final String STORE = "lead-units-counted";
  private static final String SEPARATOR = "\n";

  private ProcessorContext<String, IndicatorProgress> context;
  private KeyValueStore<String, String> counted;

  @Override
  public void init(ProcessorContext<String, IndicatorProgress> context) {
    this.context = context;
    this.counted = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, IndicatorProgress> record) {
    IndicatorProgress row = record.value();
    String before = counted.get(record.key());
    List<String> units = row != null ? LeadUnits.of(row) : List.of();
    if (before != null) {
      int planYear = PlanKeys.planYearOf(record.key());
      for (String unit : before.split(SEPARATOR)) {
        if (!units.contains(unit)) {
          context.forward(record.withKey(PlanKeys.leadUnitRow(unit, planYear, record.key())).withValue(null));
        }
      }
    }
    if (row == null) {
      counted.delete(record.key());
      return;
    }
    for (String unit : units) {
      context.forward(record.withKey(PlanKeys.leadUnitRow(unit, row.getPlanYear(), record.key())));
    }
    String now = String.join(SEPARATOR, units);
    if (!now.equals(before)) {
      counted.put(record.key(), now);
    }
  }
}
