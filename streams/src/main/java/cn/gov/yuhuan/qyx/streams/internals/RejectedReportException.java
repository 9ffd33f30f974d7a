package cn.gov.yuhuan.qyx.streams.internals;

import cn.gov.yuhuan.qyx.catalog.RejectReason;

/**
 * Thrown by a validation step for a report that must not be counted. Kafka Streams' processing
 * exception handler sends the record to the dead-letter topic, with this message in its headers.
 */
public final class RejectedReportException extends RuntimeException {
  private final RejectReason reason;

  public RejectedReportException(RejectReason reason, String detail) {
    super(reason + ": " + detail, null, false, false);
    this.reason = reason;
  }

  /** The reason code, e.g. {@code MISSING_VALUE}. */
  public RejectReason reason() {
    return reason;
  }
}
