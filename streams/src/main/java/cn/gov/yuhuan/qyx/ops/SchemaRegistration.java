package cn.gov.yuhuan.qyx.ops;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.events.ClockTick;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Registers, at {@code ./qyx up}, the schemas of the topics that units and the operator write (the
 * event log, the clock, the silences, the catalog): the units' clients register none ({@link
 * RegistryAvroSerdes}) and find the report's here; the operator's tools would register theirs on first
 * use, and find them here already. Each is registered the way the serde itself would, by serializing
 * one sample record (nothing is sent): the same subject, content and references. Registering again
 * changes nothing.
 */
public final class SchemaRegistration {
  private SchemaRegistration() {}

  /** Returns the subjects it registered (or found registered). */
  public static List<String> register(String registryUrl, Catalog catalog) {
    var topics = new Topics(RegistryAvroSerdes.registering(registryUrl));
    List<String> subjects = new ArrayList<>();
    register(topics.progressReports(), ProgressReport.newBuilder().setEventId("schema-registration").setIndicatorId("-")
        .setAreaCode("-").setPeriod("-").setReportingUnit("-").setReportedAt(Instant.EPOCH).build(), subjects);
    register(topics.clock(), new ClockTick(LocalDate.EPOCH, Instant.EPOCH, "schema-registration"), subjects);
    register(topics.silences(), Silence.newBuilder().setSilenceId("-").setIndicatorId("-").setReason("-").setApprovedBy("-")
        .setExpires(LocalDate.EPOCH).setCreatedAt(Instant.EPOCH).build(), subjects);
    register(topics.indicators(), catalog.indicators().iterator().next(), subjects);
    register(topics.areas(), catalog.areas().iterator().next(), subjects);
    register(topics.units(), catalog.units().iterator().next(), subjects);
    register(topics.domains(), catalog.domains().iterator().next(), subjects);
    return subjects;
  }

  private static <V> void register(Topic<String, V> topic, V sample, List<String> subjects) {
    try (Serializer<V> serializer = topic.valueSerde().serializer()) {
      serializer.serialize(topic.name(), sample);
    }
    subjects.add(topic.name() + "-value");
  }
}
