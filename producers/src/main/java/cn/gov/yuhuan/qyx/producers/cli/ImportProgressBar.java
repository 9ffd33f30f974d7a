package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.producers.importer.SendProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** The progress bar of a long import, drawn on stderr so the report on stdout stays clean. */
final class ImportProgressBar implements SendProgress {
  /** Below this many rows an import is over before a bar would say anything. */
  static final int MIN_ROWS = 200;

  private final ProgressBar bar;

  private ImportProgressBar(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar for {@code rows} reports, or none when they are few or nobody watches a terminal. */
  static SendProgress forRows(int rows) {
    // No console: output goes to a file or a pipe, where a redrawn bar is only noise.
    if (rows < MIN_ROWS || System.console() == null) {
      return SendProgress.NONE;
    }
    // The builder's default consumer draws on System.err.
    return new ImportProgressBar(new ProgressBarBuilder().setTaskName("Sending").setInitialMax(rows).setUnit(" rows", 1).build());
  }

  @Override
  public void done() {
    bar.step();
  }

  @Override
  public void close() {
    bar.close();
  }
}
