package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.producers.ReportRejectedException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The producer side of {@code ./qyx}: sends reports the way unit systems do. */
@Command(name = "qyx", mixinStandardHelpOptions = true,
    description = "Sends progress reports to the 七优享 pipeline.",
    subcommands = {ReportCommand.class, RetractCommand.class, ImportCommand.class, SimulateCommand.class, TickCommand.class,
        SilenceCommand.class, SilencesCommand.class})
public final class ProducerCommand {

  public static void main(String[] args) {
    var cli = new CommandLine(new ProducerCommand());
    // A report the pipeline would reject, or a bad argument value, deserves one clear line.
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ReportRejectedException || cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
        line.getErr().println("qyx: not sent: " + cause.getMessage());
        return 3;
      }
      // A refused login or topic: who was refused what, in one line (ReportSender words it).
      if (cause instanceof AuthenticationException || cause instanceof AuthorizationException || cause instanceof ConfigException) {
        line.getErr().println("qyx: " + cause.getMessage());
        return 4;
      }
      throw e;
    });
    System.exit(cli.execute(args));
  }
}
