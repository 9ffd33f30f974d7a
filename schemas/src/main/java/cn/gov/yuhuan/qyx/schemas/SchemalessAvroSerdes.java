package cn.gov.yuhuan.qyx.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Plain Avro binary with the writer's schema assumed to be the generated class's own: no registry,
 * no schema id. For TopologyTestDriver tests, where no registry runs; never for topics that other
 * systems read.
 */
public final class SchemalessAvroSerdes implements AvroSerdes {
  @Override
  public <T extends SpecificRecord> Serde<T> forValues(Class<T> type) {
    var schema = SpecificData.get().getSchema(type);
    var writer = new SpecificDatumWriter<T>(schema);
    var reader = new SpecificDatumReader<T>(schema);
    return Serdes.serdeFrom(
        (topic, record) -> {
          if (record == null) {
            return null;
          }
          var bytes = new ByteArrayOutputStream();
          BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
          try {
            writer.write(record, encoder);
            encoder.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return bytes.toByteArray();
        },
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
          try {
            return reader.read(null, decoder);
          } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot decode " + type.getSimpleName() + " from topic " + topic, e);
          }
        });
  }
}
