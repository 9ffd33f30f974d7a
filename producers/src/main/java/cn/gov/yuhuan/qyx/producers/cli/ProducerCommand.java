package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.producers.ReportRejectedException;
import cn.gov.yuhuan.qyx.producers.demo.DemoBatch;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The producer side of {@code ./qyx}: sends reports the way unit systems do. */
@Command(name = "qyx", mixinStandardHelpOptions = true,
    description = "Sends progress reports to the 七优享 pipeline.",
    subcommands = {ReportCommand.class, RetractCommand.class, ProducerCommand.SendDemo.class})
public final class ProducerCommand {

  @Command(name = "send-demo", description = "Sends the demo batch and writes the totals it should produce.")
  static final class SendDemo implements Callable<Integer> {
    @CommandLine.Mixin StackOptions stack;

    @Option(names = "--expected", paramLabel = "FILE",
        description = "Where to write the expected city-wide totals, one 'indicator_id<TAB>actual' line each.")
    Path expectedFile;

    @Option(names = "--seed", defaultValue = "2024", description = "Seed of the batch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
      DemoBatch batch = DemoBatch.generate(seed);
      try (var sender = stack.connect()) {
        CompletableFuture.allOf(batch.reports().stream().map(sender::send).toArray(CompletableFuture[]::new)).join();
      }
      System.out.printf("Sent %d reports for %d indicators in %d townships.%n",
          batch.reports().size(), DemoBatch.TARGETS.size(), DemoBatch.TOWNSHIPS.size());
      if (expectedFile != null) {
        try (Writer out = Files.newBufferedWriter(expectedFile)) {
          for (Map.Entry<String, BigDecimal> e : new TreeMap<>(batch.expectedTotals()).entrySet()) {
            out.write(e.getKey() + "\t" + Decimals.atScale("total", e.getValue()).toPlainString() + "\n");
          }
        }
      }
      return 0;
    }
  }

  public static void main(String[] args) {
    var cli = new CommandLine(new ProducerCommand());
    // A report the pipeline would reject, or a bad argument value, deserves one clear line.
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ReportRejectedException || cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
        line.getErr().println("qyx: not sent: " + cause.getMessage());
        return 3;
      }
      throw e;
    });
    System.exit(cli.execute(args));
  }
}
