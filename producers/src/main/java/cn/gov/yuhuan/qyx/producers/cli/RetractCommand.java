package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.producers.Reports;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./qyx retract}: withdraws a data value, checked before it is sent. */
@Command(name = "retract", description = "Withdraws the value of one indicator, area and period.")
final class RetractCommand implements Callable<Integer> {
  @CommandLine.Mixin StackOptions stack;
  @CommandLine.Mixin DataValueOptions dataValue;

  @Option(names = "--revision", required = true, description = "Above the revision it withdraws.")
  int revision;

  @Option(names = "--reason", required = true, description = "Why the value is withdrawn.")
  String reason;

  @Override
  public Integer call() {
    return ReportCommand.send(stack, dataValue.apply(Reports.retraction(dataValue.indicator, dataValue.area, dataValue.period, revision))
        .correctionReason(reason).build());
  }
}
