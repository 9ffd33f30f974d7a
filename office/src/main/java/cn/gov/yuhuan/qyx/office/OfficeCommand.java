package cn.gov.yuhuan.qyx.office;

import cn.gov.yuhuan.qyx.cli.PipelineCommand.ConfigOptions;
import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import cn.gov.yuhuan.qyx.streams.PipelineConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The office's tools: {@code serve} the dashboard, write the {@code bulletin} (晾晒通报). */
@Command(name = "office", mixinStandardHelpOptions = true,
    description = "The task-force office's dashboard and 晾晒通报, read from ClickHouse as the analyst.",
    subcommands = {OfficeCommand.Serve.class, BulletinCommand.class})
public final class OfficeCommand {

  public static void main(String[] args) {
    System.exit(new CommandLine(new OfficeCommand()).execute(args));
  }

  /** The analysts' reader of the configured ClickHouse ({@code clickhouse.url}, user, password, database). */
  static OfficeData data(PipelineConfig config) {
    return new OfficeData(new ClickHouseQuery(config), config.getString(PipelineConfig.CLICKHOUSE_DATABASE));
  }

  @Command(name = "serve", description = "Serve the dashboard until stopped.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions config;

    @Option(names = "--port", required = true, description = "Port of the dashboard (./qyx: QYX_DASHBOARD_PORT, 18180).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
        description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Override
    public Integer call() throws Exception {
      var stopped = new CountDownLatch(1);
      try (var server = new DashboardServer(data(config.load())).start(host, port)) {
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        stopped.await();
      }
      return 0;
    }
  }
}
