package cn.gov.yuhuan.qyx.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.catalog.Catalog;
import cn.gov.yuhuan.qyx.producers.simulate.YearSimulation;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./qyx simulate} without a stack: a dry run, and the pacing. Nothing here reaches a broker. */
class SimulateCommandTest {
  @TempDir Path dir;

  @Test
  void shouldWriteTheExpectedActualsSortedWithFourDecimalsAndSendNothingOnADryRun() throws IOException {
    Path expected = dir.resolve("expected.tsv");

    var output = new StringWriter();
    int exit = run(output, "simulate", "--config", stackFile().toString(), "--catalog", "../catalog/data", "--dry-run",
        "--until", "2024-06-30", "--seed", "5", "--expected", expected.toString());

    assertThat(exit).isZero();
    assertThat(output.toString()).contains("Simulated year, seed 5, up to 2024-06-30", "Dry run: nothing sent.");
    List<String> lines = Files.readAllLines(expected);
    assertThat(lines).isNotEmpty().isSorted().allSatisfy(line -> assertThat(line).matches("[a-z_]+\\.[a-z_0-9]+\t\\d+\\.\\d{4}"));
    var simulation = YearSimulation.generate(Catalog.load(Path.of("../catalog/data")), 5, LocalDate.of(2024, 6, 30), new BigDecimal("0.02"));
    assertThat(lines).hasSize(simulation.expectedActuals().size());
    simulation.expectedActuals().forEach((id, actual) -> assertThat(lines).contains(id + "\t" + actual.toPlainString()));
  }

  @Test
  void shouldRefuseANegativeRateAndABadShareOfOneOrMore() throws IOException {
    String config = stackFile().toString();

    assertThat(run(new StringWriter(), "simulate", "--config", config, "--catalog", "../catalog/data", "--dry-run", "--rate", "-1")).isEqualTo(2);
    assertThat(run(new StringWriter(), "simulate", "--config", config, "--catalog", "../catalog/data", "--dry-run", "--bad-share", "1")).isEqualTo(2);
  }

  @Test
  void shouldHandOutPermitsNoFasterThanTheRate() {
    RateLimiter pace = SimulateCommand.paceOf(2000);
    long start = System.nanoTime();

    for (int i = 0; i < 600; i++) {
      assertThat(pace.acquirePermission()).isTrue();
    }

    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(seconds).isGreaterThan(0.25); // 600 at 2,000/s: 0.3 s, less the first cycle's permits
  }

  @Test
  void shouldSpreadPermitsOverCyclesOfAboutTenMilliseconds() {
    var fast = SimulateCommand.paceOf(50_000).getRateLimiterConfig();
    var slow = SimulateCommand.paceOf(30).getRateLimiterConfig();

    assertThat(fast.getLimitForPeriod()).isEqualTo(500);
    assertThat(fast.getLimitRefreshPeriod().toNanos()).isEqualTo(10_000_000);
    assertThat(SimulateCommand.paceOf(250).getRateLimiterConfig().getLimitRefreshPeriod().toNanos()).isEqualTo(8_000_000); // 2 per 8 ms
    assertThat(slow.getLimitForPeriod()).isEqualTo(1);
    assertThat(slow.getLimitRefreshPeriod().toNanos()).isEqualTo(33_333_333);
  }

  private Path stackFile() throws IOException {
    // Never read on a dry run; a real run would fail to connect to port 1.
    return Files.writeString(dir.resolve("stack.properties"),
        "bootstrap.servers=127.0.0.1:1\nschema.registry.url=http://127.0.0.1:1/apis/registry/v3\n");
  }

  private static int run(StringWriter output, String... args) {
    var cli = new CommandLine(new ProducerCommand());
    cli.setOut(new PrintWriter(output, true));
    cli.setErr(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }
}
