package cn.gov.yuhuan.qyx.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The way in for reports (docs/design.md §1): each unit writes to its own topic ({@link Topics#unitReports}),
 * which only its login may write, and the streams app's intake, an exactly-once Kafka Streams app of
 * its own ({@value #APPLICATION_ID}), copies every record into the event log with the unit the
 * topic belongs to in the header {@value #SENDER_HEADER}, dropping any header the unit set. So the
 * broker, not a field the sender fills in, says which unit a report comes from; the checking stage
 * dead-letters a report whose {@code reporting_unit} is not that unit's.
 *
 * <p>The copy has its own consumer group, so {@code ./qyx rebuild}, which resets the streams app's,
 * never copies a report twice. A clock tick goes straight into the event log, after what the units
 * sent before it: {@link #awaitCopied} first.
 */
public final class Intake {
  /** The intake's application id: its consumer group, and the start of its transactional ids. */
  public static final String APPLICATION_ID = "qyx-intake";
  /** Header of a report in the event log: the account of the unit whose topic it came from. */
  public static final String SENDER_HEADER = "qyx.sender";
  /** How long a tick waits for the intake before it gives up. */
  public static final Duration COPY_TIMEOUT = Duration.ofSeconds(60);

  private Intake() {}

  /** The account of the unit that sent a record of the event log, or empty for one no unit sent (a tick). */
  public static Optional<String> sender(Headers headers) {
    Header header = headers.lastHeader(SENDER_HEADER);
    return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  /**
   * Waits until the intake has copied into the event log everything the units' topics held when
   * called (its commits are the copies', under exactly-once), so that a tick sent next comes after
   * them in the event log, as it came after them in time.
   *
   * @throws IllegalStateException if the intake is still behind after {@link #COPY_TIMEOUT}, naming
   *     the topics: the streams app is not running, or cannot keep up
   */
  public static void awaitCopied(Admin admin) throws InterruptedException {
    try {
      List<String> unitTopics = admin.listTopics().names().get().stream().filter(t -> Topics.accountOf(t).isPresent()).toList();
      if (unitTopics.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(unitTopics).allTopicNames().get().values().stream()
          .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
          .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      // The last stable offsets: a transaction a unit's client left open must not hold ticks back.
      Map<TopicPartition, Long> ends = admin.listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
          .entrySet().stream()
          .filter(e -> e.getValue().offset() > 0)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      long deadline = System.nanoTime() + COPY_TIMEOUT.toNanos();
      while (true) {
        List<String> behind = behind(admin, ends);
        if (behind.isEmpty()) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the streams app's intake (" + APPLICATION_ID + ") has not copied the units' reports into "
              + Topics.PROGRESS_REPORTS + " within " + COPY_TIMEOUT.toSeconds() + " s, so a tick now would overtake them: "
              + String.join(", ", behind) + ". Is the streams app running? (./qyx status)");
        }
        Thread.sleep(20);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot see how far the intake has copied the units' reports: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static List<String> behind(Admin admin, Map<TopicPartition, Long> ends) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get();
    List<String> behind = new ArrayList<>();
    ends.forEach((partition, end) -> {
      OffsetAndMetadata at = committed.get(partition);
      long copied = at == null ? 0 : at.offset();
      if (copied < end) {
        behind.add(partition.topic() + " " + (end - copied) + " records behind");
      }
    });
    return behind;
  }
}
