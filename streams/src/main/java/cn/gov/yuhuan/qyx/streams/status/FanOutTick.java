package cn.gov.yuhuan.qyx.streams.status;

import cn.gov.yuhuan.qyx.events.ClockTick;
import cn.gov.yuhuan.qyx.streams.internals.GlobalReferenceData;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One tick becomes one per indicator of the catalog, keyed by indicator id: every indicator is
 * judged on every as-of date, those never reported too (they fall OVERDUE by time alone).
 */
public final class FanOutTick implements Processor<String, ClockTick, String, ClockTick> {
  private ProcessorContext<String, ClockTick> context;
  private GlobalReferenceData reference;

  @Override
  public void init(ProcessorContext<String, ClockTick> context) {
    this.context = context;
    this.reference = new GlobalReferenceData(context::getStateStore);
  }

  @Override
  public void process(Record<String, ClockTick> tick) {
    if (tick.value() == null) {
      return; // a tombstone on the clock topic says no date
    }
    for (String indicatorId : reference.indicatorIds()) {
      context.forward(tick.withKey(indicatorId));
    }
  }
}
