package cn.gov.yuhuan.qyx.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Makes the value serde of an Avro record type: through the schema registry in production. */
@FunctionalInterface
public interface AvroSerdes {
  /** A configured serde for values of the given generated Avro class. */
  <T extends SpecificRecord> Serde<T> forValues(Class<T> type);
}
