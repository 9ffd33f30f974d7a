package cn.gov.yuhuan.qyx.notify;

import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.Topic;
import cn.gov.yuhuan.qyx.schemas.TopicSnapshot;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The ids of the notices already delivered, as the compacted ledger topic {@link Topics#NOTICES_SENT}
 * holds them. The alerts topic can be read again (a restart before a commit, a rebuilt streams app,
 * a deleted consumer group); this is what keeps a notice from being sent twice.
 */
public final class SentLedger {
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
  /** The ledger's serdes are plain strings, so no registry is needed to read it. */
  private static final Topic<String, String> LEDGER = new Topic<>(Topics.NOTICES_SENT, Serdes.String(), Serdes.String());

  private final Set<String> sent;

  SentLedger(Collection<String> sent) {
    this.sent = new HashSet<>(sent);
  }

  /**
   * Reads the whole ledger, from the beginning to the end offsets as of now, committed records
   * only: a transaction a crashed notifier left open did not deliver its notices for sure.
   */
  public static SentLedger read(KafkaAccess kafka) {
    Set<String> ids = new HashSet<>();
    TopicSnapshot.read(kafka, LEDGER, READ_TIMEOUT, record -> {
      if (record.value() == null) {
        ids.remove(record.key()); // a tombstone: an operator chose to let the notice be sent again
      } else {
        ids.add(record.key());
      }
    });
    return new SentLedger(ids);
  }

  boolean contains(String noticeId) {
    return sent.contains(noticeId);
  }

  void addAll(Collection<String> noticeIds) {
    sent.addAll(noticeIds);
  }

  /** The ids of the notices delivered. */
  public Set<String> ids() {
    return Set.copyOf(sent);
  }

  int size() {
    return sent.size();
  }
}
