package cn.gov.yuhuan.qyx.ops.chaos;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How long the whole pipeline takes, now, to carry a report from a unit's topic into ClickHouse:
 * a record that is not Avro is sent where a unit's reports go, and waited for in
 * {@code rejected_events}. It crosses every stage a report crosses (the intake, the checking stage,
 * the dead letters, the sink) and, rejected, changes no total.
 */
final class Probe implements AutoCloseable {
  private static final Duration POLL_EVERY = Duration.ofMillis(250);

  private final KafkaProducer<byte[], byte[]> producer;
  private final ClickHouseQuery clickhouse;
  private final String database;
  private final String topic;
  private final Duration timeout;
  private int sent;

  Probe(KafkaAccess kafka, ClickHouseQuery clickhouse, String database, String account, Duration timeout) {
    var config = kafka.clientConfig();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // As long as a broker restart may take: the probe is sent as the fault ends.
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.clickhouse = clickhouse;
    this.database = database;
    this.topic = Topics.unitReportsTopic(account);
    this.timeout = timeout;
  }

  /** Sends a probe and returns how long it took to land; fails after the timeout. */
  Duration land() throws IOException, InterruptedException, ExecutionException {
    sent++;
    byte[] value = ("qyx chaos probe " + sent + " " + Instant.now()).getBytes(StandardCharsets.UTF_8);
    String landed = "SELECT count() FROM " + database + ".rejected_events WHERE raw_value_base64 = '"
        + Base64.getEncoder().encodeToString(value) + "'";
    long start = System.nanoTime();
    producer.send(new ProducerRecord<>(topic, "qyx-chaos-probe".getBytes(StandardCharsets.UTF_8), value)).get();
    long deadline = start + timeout.toNanos();
    while (!"1".equals(count(landed))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("probe " + sent + ", sent to " + topic + ", has not landed in " + database
            + ".rejected_events within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(POLL_EVERY.toMillis());
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Sends {@code records} probes at once, without waiting for them to land: work in flight for
   * the next kill to interrupt.
   */
  void burst(int records) throws InterruptedException, ExecutionException {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      sent++;
      byte[] value = ("qyx chaos burst " + sent + " " + Instant.now()).getBytes(StandardCharsets.UTF_8);
      acks.add(producer.send(new ProducerRecord<>(topic, "qyx-chaos-probe".getBytes(StandardCharsets.UTF_8), value)));
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get();
    }
  }

  /** How many probes were sent: each is one more rejected report of the event log. */
  int sent() {
    return sent;
  }

  private String count(String sql) throws InterruptedException {
    try {
      return clickhouse.value(sql);
    } catch (IOException | IllegalStateException e) { // ClickHouse still starting, or the table not there yet
      return "";
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
