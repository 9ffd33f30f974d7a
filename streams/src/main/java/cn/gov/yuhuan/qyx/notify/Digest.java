package cn.gov.yuhuan.qyx.notify;

import cn.gov.yuhuan.qyx.events.AlertNotice;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/**
 * The notices of one lead unit from one evaluation (as-of date), sent as one message, as
 * Alertmanager groups alerts. Its id depends only on what it carries, so the same digest built
 * again after a crash has the same id, and a receiver can drop it by its Idempotency-Key.
 *
 * @param notices in {@link Notice#DIGEST_ORDER}, never empty
 */
record Digest(String id, String leadUnit, String leadUnitName, LocalDate asOf, List<Notice> notices) {

  /** A digest of {@code notices} (any order, at least one), all of {@code leadUnit} and {@code asOf}. */
  static Digest of(String leadUnit, LocalDate asOf, List<Notice> notices) {
    if (notices.isEmpty()) {
      throw new IllegalArgumentException("a digest of no notices for lead unit " + leadUnit + " as of " + asOf);
    }
    List<Notice> sorted = notices.stream().sorted(Notice.DIGEST_ORDER).toList();
    // The name as the latest notice has it: a unit renamed between two records is shown by its new name.
    String name = notices.get(notices.size() - 1).leadUnitName();
    return new Digest(idOf(leadUnit, asOf, sorted), leadUnit, name, asOf, sorted);
  }

  /** The first 32 hex digits of sha-256 over lead unit, as-of and the sorted notice ids. */
  static String idOf(String leadUnit, LocalDate asOf, List<Notice> notices) {
    StringBuilder text = new StringBuilder(leadUnit).append('\n').append(asOf);
    notices.stream().map(Notice::id).sorted().forEach(id -> text.append('\n').append(id));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  long count(AlertNotice kind) {
    return notices.stream().filter(n -> n.notice() == kind).count();
  }
}
