package cn.gov.yuhuan.qyx.streams.status;

import cn.gov.yuhuan.qyx.events.DataValue;
import cn.gov.yuhuan.qyx.state.StatusTrigger;
import cn.gov.yuhuan.qyx.state.ValuesHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Passes each accepted value on to the status evaluator, keyed by indicator id, and, whenever the
 * values of this partition of the accepted-reports topic have moved on by an hour, a heartbeat to
 * every evaluator task saying how far they have got. Values of one partition reach each evaluator
 * task in the order they were sent, so a heartbeat tells it that every value this partition sent up
 * to then is in, even if none of them were for its indicators: that is when a tick's alerts can be
 * judged (see {@link EvaluateStatus}).
 */
public final class ToStatusTrigger implements Processor<String, DataValue, String, StatusTrigger> {
  /** How far, in the values' own time, a partition moves on between heartbeats. */
  static final Duration HEARTBEAT_EVERY = Duration.ofHours(1);

  private ProcessorContext<String, StatusTrigger> context;
  private int partition;
  /** The latest time a value passed on was sent; MIN_VALUE before the first. */
  private long sentThrough = Long.MIN_VALUE;

  @Override
  public void init(ProcessorContext<String, StatusTrigger> context) {
    this.context = context;
    this.partition = context.taskId().partition();
    context.schedule(HEARTBEAT_EVERY, PunctuationType.STREAM_TIME, now -> heartbeat());
  }

  @Override
  public void process(Record<String, DataValue> record) {
    if (record.value() == null) {
      return;
    }
    sentThrough = Math.max(sentThrough, record.timestamp());
    context.forward(record.withKey(record.value().getIndicatorId()).withValue(new StatusTrigger(record.value(), null, partition, null)));
  }

  private void heartbeat() {
    if (sentThrough != Long.MIN_VALUE) {
      var beat = new StatusTrigger(null, null, -1, new ValuesHeartbeat(partition, Instant.ofEpochMilli(sentThrough)));
      context.forward(new Record<>(HEARTBEAT_KEY, beat, sentThrough));
    }
  }

  /** The key of heartbeats: they go to every partition, whatever it is. */
  static final String HEARTBEAT_KEY = "heartbeat";

  /** Values by the producer's default (the key's hash, as ticks are), heartbeats to every partition. */
  public static StreamPartitioner<String, StatusTrigger> partitioner() {
    return (topic, key, trigger, partitions) -> trigger != null && trigger.getHeartbeat() != null
        ? Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()))
        : Optional.<Set<Integer>>empty();
  }
}
