package cn.gov.yuhuan.qyx.streams;

import cn.gov.yuhuan.qyx.schemas.Intake;
import cn.gov.yuhuan.qyx.schemas.Topics;
import cn.gov.yuhuan.qyx.streams.internals.StampSender;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The intake ({@link Intake}): every unit's topic of reports, matched by pattern so a new unit's
 * topic joins without a restart, copied byte for byte into the event log with the sending unit in
 * a header. The key is kept, and so is the partition the producer's partitioner gives it: the
 * corrections of a data value stay in order.
 */
public final class IntakeTopology {
  private IntakeTopology() {}

  public static Topology build() {
    var builder = new StreamsBuilder();
    builder.stream(Topics.UNIT_REPORTS_PATTERN, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-unit-reports"))
        .process(StampSender::new, Named.as("stamp-sender"))
        .to(Topics.PROGRESS_REPORTS, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("write-event-log"));
    return builder.build();
  }
}
