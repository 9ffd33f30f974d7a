package cn.gov.yuhuan.qyx.streams.internals;

import java.time.LocalDate;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The latest as-of date one partition of the event log has read, kept in the checking stage's
 * store {@value #STORE} (one entry per task): a report counts from the last tick before it.
 */
public final class LatestTick {
  /** Store of the latest as-of date read, per task of the checking stage. */
  public static final String STORE = "event-log-clock";
  private static final String KEY = "as-of";

  private final KeyValueStore<String, Long> store;
  /**
   * The store's entry, read once: this task alone writes it, through {@link #advance}. Each
   * processor init makes a new LatestTick (Kafka Streams inits again after it wipes or restores a
   * task's store), so the copy never outlives what the store holds.
   */
  private Optional<LocalDate> latest;

  public LatestTick(KeyValueStore<String, Long> store) {
    this.store = store;
  }

  public Optional<LocalDate> get() {
    if (latest == null) {
      latest = Optional.ofNullable(store.get(KEY)).map(LocalDate::ofEpochDay);
    }
    return latest;
  }

  /** Moves the date on; returns false (and changes nothing) for a date not after the latest. */
  public boolean advance(LocalDate asOf) {
    Optional<LocalDate> latest = get();
    if (latest.isPresent() && !asOf.isAfter(latest.get())) {
      return false;
    }
    store.put(KEY, asOf.toEpochDay());
    this.latest = Optional.of(asOf);
    return true;
  }
}
