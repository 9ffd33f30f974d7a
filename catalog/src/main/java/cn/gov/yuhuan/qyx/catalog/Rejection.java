package cn.gov.yuhuan.qyx.catalog;

/**
 * A report's failed check.
 *
 * @param reason the code
 * @param detail for the sender: what was wrong, with the offending value
 */
public record Rejection(RejectReason reason, String detail) {
  @Override
  public String toString() {
    return reason + ": " + detail;
  }
}
