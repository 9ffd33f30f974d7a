package cn.gov.yuhuan.qyx.producers.importer;

/** Told of each acknowledged or failed report while an import is sent, e.g. to move a progress bar. */
public interface SendProgress extends AutoCloseable {
  /** Shows nothing. */
  SendProgress NONE = new SendProgress() {
    @Override
    public void done() {}

    @Override
    public void close() {}
  };

  /** One more report has an answer from the broker. May be called from the producer's I/O thread. */
  void done();

  @Override
  void close();
}
