package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Gives a record from a unit's topic the one header the event log trusts: the unit whose topic it
 * came in on. Headers the unit set are dropped, so no unit can pass a report off as a clock tick
 * or as another unit's.
 */
public final class StampSender implements Processor<byte[], byte[], byte[], byte[]> {
  private ProcessorContext<byte[], byte[]> context;

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String topic = context.recordMetadata().orElseThrow().topic(); // present: this processor reads a source topic
    String account = Topics.accountOf(topic).orElseThrow(() -> new IllegalStateException("not a unit's topic: " + topic));
    context.forward(record.withHeaders(new RecordHeaders().add(Intake.SENDER_HEADER, account.getBytes(StandardCharsets.UTF_8))));
  }
}
