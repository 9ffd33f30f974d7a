package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.events.ProgressReport;
import cn.gov.yuhuan.qyx.producers.Reports;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./qyx report}: one report from the command line, checked before it is sent. */
@Command(name = "report", description = "Sends one progress report: a value, or a numerator and a denominator.")
final class ReportCommand implements Callable<Integer> {
  @CommandLine.Mixin StackOptions stack;
  @CommandLine.Mixin DataValueOptions dataValue;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Figures figures;

  static final class Figures {
    @Option(names = "--value", description = "COUNT, LEVEL or MILESTONE (1 = done).")
    String value;

    @ArgGroup(exclusive = false)
    Ratio ratio;
  }

  static final class Ratio {
    @Option(names = "--numerator", required = true, description = "RATIO: the numerator.")
    String numerator;

    @Option(names = "--denominator", required = true, description = "RATIO: the denominator.")
    String denominator;
  }

  @Option(names = "--revision", defaultValue = "1", description = "Above 1 for a correction (default: ${DEFAULT-VALUE}).")
  int revision;

  @Option(names = "--reason", description = "Why a correction replaces the earlier revision.")
  String reason;

  @Override
  public Integer call() {
    Reports.Builder builder = figures.value != null
        ? Reports.value(dataValue.indicator, dataValue.area, dataValue.period, figures.value)
        : Reports.ratio(dataValue.indicator, dataValue.area, dataValue.period, figures.ratio.numerator, figures.ratio.denominator);
    ProgressReport report = dataValue.apply(builder).correction(revision, reason).build();
    return send(stack, report);
  }

  /** Sends and says where the report went. */
  static int send(StackOptions stack, ProgressReport report) {
    try (var sender = stack.connect(report.getReportingUnit())) {
      RecordMetadata sent = sender.send(report).join();
      System.out.printf("Sent %s %s %s (event_id %s, revision %d) to %s-%d@%d.%n", report.getIndicatorId(), report.getAreaCode(),
          report.getPeriod(), report.getEventId(), report.getRevision(), sent.topic(), sent.partition(), sent.offset());
      return 0;
    }
  }
}
