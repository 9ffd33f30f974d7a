package cn.gov.yuhuan.qyx.producers;

import cn.gov.yuhuan.qyx.catalog.RejectReason;
import cn.gov.yuhuan.qyx.catalog.Rejection;

/**
 * A report failed a check before it was sent, for the reason the pipeline would have rejected it.
 * Nothing was sent.
 */
public final class ReportRejectedException extends RuntimeException {
  private final Rejection rejection;

  public ReportRejectedException(Rejection rejection, String eventId) {
    super(rejection.reason() + ": " + rejection.detail() + " (event_id " + eventId + ")");
    this.rejection = rejection;
  }

  /** The reason code, the same the pipeline writes to {@code rejected_events.reason}. */
  public RejectReason reason() {
    return rejection.reason();
  }

  /** What was wrong, with the offending value. */
  public String detail() {
    return rejection.detail();
  }
}
