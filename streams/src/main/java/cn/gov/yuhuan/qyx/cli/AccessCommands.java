package cn.gov.yuhuan.qyx.cli;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.catalog.UnitAccounts;
import cn.gov.yuhuan.qyx.ops.access.AccessSetup;
import cn.gov.yuhuan.qyx.ops.access.CredentialFiles;
import cn.gov.yuhuan.qyx.reference.UnitDefinition;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code access} and {@code units}: the stack's Kafka logins and what each may do. */
final class AccessCommands {
  private AccessCommands() {}

  @Command(name = "access", description = "Creates the Kafka logins (SCRAM) of the pipeline, the operator, the monitor and every "
      + "unit of the catalog, and their ACLs; writes each login to an owner-only file under --home the first time. "
      + "./qyx up runs it as qyx-admin; running it again changes nothing.")
  static final class Access implements Callable<Integer> {
    @CommandLine.Mixin PipelineCommand.ConfigOptions config;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "The stack's home: logins go to DIR/secrets and DIR/units.")
    Path home;

    @Option(names = "--catalog", paramLabel = "DIR", description = "The catalog whose units get a login (none without it).")
    Path catalogDir;

    @Override
    public Integer call() throws Exception {
      PipelineConfig settings = config.load();
      Collection<UnitDefinition> units = catalogDir == null ? List.of() : Catalog.load(catalogDir).units();
      var files = new CredentialFiles(home);
      var result = new AccessSetup(settings.kafka(), files, settings.getString(PipelineConfig.SCHEMA_REGISTRY_URL))
          .apply(settings.getString(PipelineConfig.APPLICATION_ID), units, settings.getShort(PipelineConfig.TOPIC_REPLICATION_FACTOR));
      System.out.printf("Kafka logins: %s; %d ACLs. Each unit's client settings: %s/ (./qyx units credentials UNIT)%n",
          String.join(", ", result.principals()), result.acls(), files.unitsDir());
      return 0;
    }
  }

  @Command(name = "units", description = "The units' Kafka logins.",
      subcommands = {Credentials.class, Rotate.class})
  static final class Units {}

  /** Options of a command about one unit of the catalog. */
  static class UnitOptions {
    @Parameters(index = "0", paramLabel = "UNIT", description = "The unit: its code as the catalog writes it (e.g. 市卫生健康局) or its account (e.g. health).")
    String unit;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "The stack's home.")
    Path home;

    @Option(names = "--catalog", required = true, paramLabel = "DIR", description = "The catalog the units come from.")
    Path catalogDir;

    UnitDefinition find() {
      Collection<UnitDefinition> units = Catalog.load(catalogDir).units();
      return units.stream().filter(u -> u.getCode().equals(unit) || u.getAccount().equals(unit)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no unit '" + unit + "' in " + catalogDir + "/units.csv; the units are: "
              + units.stream().map(u -> u.getCode() + " (" + u.getAccount() + ")").collect(Collectors.joining(", "))));
    }
  }

  @Command(name = "credentials", description = "Prints where a unit's client settings are, and who they log in as.")
  static final class Credentials implements Callable<Integer> {
    @CommandLine.Mixin UnitOptions options;

    @Override
    public Integer call() {
      UnitDefinition unit = options.find();
      Path file = new CredentialFiles(options.home).unit(unit.getAccount());
      if (!Files.exists(file)) {
        System.err.println("qyx: no credentials for " + unit.getCode() + " yet: ./qyx up writes them (" + file + ")");
        return 1;
      }
      System.out.println(file);
      System.err.printf("%s logs in as %s; it may write reports and read the catalog, nothing else. The file is owner-only: "
          + "give it to that unit's system alone. ./qyx units rotate %s replaces the password.%n",
          unit.getCode(), UnitAccounts.principal(unit.getAccount()), unit.getAccount());
      return 0;
    }
  }

  @Command(name = "rotate", description = "Gives a unit a new password: the broker refuses the old one from now on; "
      + "the unit's file holds the new one.")
  static final class Rotate implements Callable<Integer> {
    @CommandLine.Mixin UnitOptions options;
    @CommandLine.Mixin PipelineCommand.ConfigOptions config;

    @Override
    public Integer call() throws Exception {
      UnitDefinition unit = options.find();
      PipelineConfig settings = config.load();
      Path file = new AccessSetup(settings.kafka(), new CredentialFiles(options.home), settings.getString(PipelineConfig.SCHEMA_REGISTRY_URL))
          .rotate(unit);
      System.out.printf("New password for %s (%s) in %s. Connections open with the old one stay open until they close; "
          + "new ones need the new file.%n", unit.getCode(), UnitAccounts.principal(unit.getAccount()), file);
      return 0;
    }
  }
}
