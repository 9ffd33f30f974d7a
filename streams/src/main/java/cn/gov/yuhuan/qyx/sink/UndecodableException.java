package cn.gov.yuhuan.qyx.sink;

/**
 * A record's bytes could not be decoded into its row's value: what the sink sets aside. Only the
 * decoding is wrapped, so a failure while binding a decoded row (a bug) still stops the sink.
 */
final class UndecodableException extends RuntimeException {
  UndecodableException(RuntimeException cause) {
    super(cause.toString(), cause);
  }
}
