package cn.gov.yuhuan.qyx.producers.simulate;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.events.ProgressReport;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** One record a simulated unit system sends to the event log, at a simulated time. */
public sealed interface Send permits Send.Good, Send.Bad, Send.Garbled {
  /** When it is sent: the report's {@code reported_at}, later for a re-sent one. */
  Instant sentAt();

  /** What a good report is to the data value it states. */
  enum Role {
    /** The first report of a data value (revision 1), on time or late. */
    FIRST,
    /** A revision above the standing one, with a correction reason. */
    CORRECTION,
    /** A revision that withdraws the value. */
    RETRACTION,
    /** An event sent before, sent again unchanged (same event id). */
    DUPLICATE
  }

  /** A report the pipeline counts; sent through the checked sender. */
  record Good(Instant sentAt, ProgressReport report, Role role) implements Send {}

  /** A report the pipeline must dead-letter, for {@code reason}; sent unchecked. */
  record Bad(Instant sentAt, ProgressReport report, RejectReason reason) implements Send {}

  /** Bytes that are no progress report at all ({@code UNDECODABLE}, {@code UNKNOWN_SCHEMA}); sent raw. */
  record Garbled(Instant sentAt, String key, byte[] value, RejectReason reason) implements Send {
    public Garbled {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Garbled g && sentAt.equals(g.sentAt) && key.equals(g.key) && Arrays.equals(value, g.value)
          && reason == g.reason;
    }

    @Override
    public int hashCode() {
      return Objects.hash(sentAt, key, Arrays.hashCode(value), reason);
    }

    @Override
    public String toString() {
      return "Garbled[sentAt=" + sentAt + ", key=" + key + ", " + value.length + " bytes, reason=" + reason + "]";
    }
  }
}
