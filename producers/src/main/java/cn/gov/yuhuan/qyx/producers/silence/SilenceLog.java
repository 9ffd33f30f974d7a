package cn.gov.yuhuan.qyx.producers.silence;

import cn.gov.yuhuan.qyx.reference.Silence;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.RegistryAvroSerdes;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.TopicSnapshot;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The silences on {@value Topics#SILENCES}: written by supervisors, read by the streams app. */
public final class SilenceLog {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaAccess kafka;
  private final Topic<String, Silence> topic;

  public SilenceLog(KafkaAccess kafka, String registryUrl) {
    this.kafka = kafka;
    this.topic = new Topics(RegistryAvroSerdes.registering(registryUrl)).silences();
  }

  /** Records a silence (a new one, or a new version of one with the same id) and waits for the broker. */
  public void write(Silence silence) throws InterruptedException, ExecutionException {
    try (var producer = new KafkaProducer<>(kafka.clientConfig(Map.of(
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), silence.getSilenceId(), silence)).get();
    }
  }

  /** Every silence on record, latest version of each, by id. */
  public Map<String, Silence> readAll() {
    Map<String, Silence> silences = new TreeMap<>();
    TopicSnapshot.read(kafka, topic, READ_TIMEOUT, record -> {
      if (record.value() == null) {
        silences.remove(record.key());
      } else {
        silences.put(record.key(), record.value());
      }
    });
    return silences;
  }
}
