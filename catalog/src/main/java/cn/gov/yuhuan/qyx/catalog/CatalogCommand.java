package cn.gov.yuhuan.qyx.catalog;

import cn.gov.yuhuan.qyx.catalog.status.Targets;
import cn.gov.yuhuan.qyx.catalog.status.Trajectory;
import cn.gov.yuhuan.qyx.reference.IndicatorDefinition;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.Endpoints;
import cn.gov.yuhuan.qyx.schemas.KafkaAccess;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.AbstractConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./qyx catalog}: check, print and publish the plan's catalog. */
@Command(name = "qyx catalog", mixinStandardHelpOptions = true,
    description = "Checks, prints or publishes the catalog of the plan's indicators, areas and units.",
    subcommands = {CatalogCommand.Print.class, CatalogCommand.Check.class, CatalogCommand.Publish.class})
public final class CatalogCommand {
  static class Source {
    @Option(names = "--dir", defaultValue = "catalog/data", paramLabel = "DIR",
        description = "Folder of the catalog files (default: ${DEFAULT-VALUE}).")
    Path dir;
  }

  /** The output formats of {@code print}. */
  enum Format { csv, table }

  @Command(name = "print", description = "Prints one row per indicator: id,domain,name,kind,direction,target,unit,lead_unit,deadline.")
  static final class Print implements Callable<Integer> {
    @CommandLine.Mixin Source source;

    @Option(names = "--format", defaultValue = "table", description = "csv or table (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws IOException {
      Catalog catalog = Catalog.load(source.dir);
      var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      if (format == Format.csv) {
        CatalogCsv.write(catalog, out);
      } else {
        for (IndicatorDefinition i : catalog.indicators()) {
          String target = i.getTarget().stripTrailingZeros().toPlainString();
          String sign = switch (i.getDirection()) {
            case AT_MOST -> "≤";
            case MORE_THAN -> ">";
            case BETWEEN -> i.getTargetLow().stripTrailingZeros().toPlainString() + "..";
            default -> "≥";
          };
          String course = Trajectory.dueAtDeadline(i) ? "AT_DEADLINE" : Targets.trajectory(i).name();
          out.printf("%-46s %-11s %-9s %-8s %10s %-8s %-11s %-7s %s%n", i.getId(), i.getDomain(), i.getKind(), sign, target, i.getUnit(),
              course, Targets.isStretch(i) ? "STRETCH" : "FIRM", i.getName());
        }
        out.printf("%d indicators in %d domains, %d areas, %d units.%n",
            catalog.indicators().size(), catalog.domains().size(), catalog.areas().size(), catalog.units().size());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "check", description = "Checks the catalog files and lists every mistake with its file, line and field.")
  static final class Check implements Callable<Integer> {
    @CommandLine.Mixin Source source;

    @Override
    public Integer call() {
      Catalog catalog = Catalog.load(source.dir);
      System.out.printf("The catalog in %s is valid: %d indicators.%n", source.dir, catalog.indicators().size());
      return 0;
    }
  }

  @Command(name = "publish", description = "Publishes the catalog to the reference topics the streams app reads.")
  static final class Publish implements Callable<Integer> {
    @CommandLine.Mixin Source source;

    @Option(names = "--config", required = true, paramLabel = "FILE",
        description = "stack.properties with the endpoints, then the operator's login (repeatable; later files win).")
    List<Path> configFiles;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Catalog catalog = Catalog.load(source.dir);
      AbstractConfig config = Endpoints.read(configFiles);
      KafkaAccess kafka = KafkaAccess.from(config);
      // Topics are created by the pipeline (./qyx up), with its partitions and retention; a topic
      // the producer auto-created here would not be compacted.
      try (Admin admin = Admin.create(kafka.clientConfig())) {
        var existing = admin.listTopics().names().get();
        List<String> missing = List.of(Topics.REF_INDICATORS, Topics.REF_AREAS, Topics.REF_UNITS, Topics.REF_DOMAINS).stream()
            .filter(t -> !existing.contains(t)).toList();
        if (!missing.isEmpty()) {
          System.err.println("qyx: the reference topics " + missing + " do not exist: start the pipeline with ./qyx up, which creates them");
          return 2;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("Cannot reach Kafka at " + kafka + ": " + e.getCause().getMessage(), e.getCause());
      }
      String registry = config.getString(Endpoints.SCHEMA_REGISTRY_URL);
      List<String> changingThePast = CatalogPublisher.editionsChangingThePast(catalog,
          PublishedCatalog.readIndicatorRecords(kafka, registry), ClockTicks.latestAsOf(kafka, registry));
      if (!changingThePast.isEmpty()) {
        System.err.println("qyx: not published; " + changingThePast.size() + " edition(s) would change how dates already judged"
            + " are judged:\n  " + String.join("\n  ", changingThePast));
        return 2;
      }
      int count = CatalogPublisher.publish(catalog, kafka, registry);
      System.out.printf("Published the catalog: %d records (%d indicators).%n", count, catalog.indicators().size());
      return 0;
    }
  }

  public static void main(String[] args) {
    var cli = new CommandLine(new CatalogCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof CatalogException) {
        line.getErr().println(e.getMessage());
        return 2;
      }
      throw e;
    });
    System.exit(cli.execute(args));
  }
}
