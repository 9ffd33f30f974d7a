package cn.gov.yuhuan.qyx.schemas;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The serde's readers and writers of generated Avro classes, kept per schema. Apicurio's default
 * provider keys its cache by each schema's parsing fingerprint, which it computes anew for every
 * record (canonical form, then a hash): a profile of the streams app under load found half its CPU
 * there. The schemas here are the generated classes' own and those the registry client has parsed
 * once per id, so the same instances come back, and a lookup costs a cached hash code.
 */
public final class SpecificDatumProvider<T> implements AvroDatumProvider<T> {
  private final ConcurrentHashMap<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();

  @Override
  public DatumWriter<T> createDatumWriter(T data, Schema schema) {
    return writers.computeIfAbsent(schema, SpecificDatumWriter::new);
  }

  /** Reads with the writer's schema into the generated class of the same name (its current schema). */
  @Override
  public DatumReader<T> createDatumReader(Schema writerSchema) {
    return readers.computeIfAbsent(writerSchema, schema -> {
      Class<?> type = SpecificData.get().getClass(schema);
      if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException("No generated class for " + schema.getFullName() + " on the classpath");
      }
      return new SpecificDatumReader<>(schema, SpecificData.get().getSchema(type));
    });
  }

  @Override
  public Schema toSchema(T data) {
    if (data instanceof SpecificRecord record) {
      return record.getSchema();
    }
    throw new IllegalArgumentException("Only generated Avro classes are sent, not " + (data == null ? "null" : data.getClass().getName()));
  }
}
