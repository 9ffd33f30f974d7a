package cn.gov.yuhuan.qyx.producers;

import cn.gov.yuhuan.qyx.producers.demo.DemoBatch;
import cn.gov.yuhuan.qyx.schemas.Decimals;
import cn.gov.yuhuan.qyx.schemas.Endpoints;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The producer side of {@code ./qyx}: sends reports the way unit systems do. */
@Command(name = "qyx-producers", mixinStandardHelpOptions = true,
    description = "Sends progress reports to the 七优享 pipeline.",
    subcommands = {ProducerCommand.SendDemo.class})
public final class ProducerCommand {

  @Command(name = "send-demo", description = "Sends the demo batch and writes the totals it should produce.")
  static final class SendDemo implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "stack.properties with the endpoints.")
    Path configFile;

    @Option(names = "--expected", paramLabel = "FILE",
        description = "Where to write the expected city-wide totals, one 'indicator_id<TAB>actual' line each.")
    Path expectedFile;

    @Option(names = "--seed", defaultValue = "2024", description = "Seed of the batch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
      var settings = new Properties();
      try (Reader in = Files.newBufferedReader(configFile)) {
        settings.load(in);
      }
      var config = new AbstractConfig(Endpoints.define(new ConfigDef()), settings, false);
      DemoBatch batch = DemoBatch.generate(seed);
      try (var sender = ReportSender.connect(String.join(",", config.getList(Endpoints.BOOTSTRAP_SERVERS)),
          config.getString(Endpoints.SCHEMA_REGISTRY_URL))) {
        CompletableFuture<?>[] sent = batch.reports().stream().map(sender::send).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(sent).join();
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
    System.exit(new CommandLine(new ProducerCommand()).execute(args));
  }
}
