package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.producers.tick.DailyTicker;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/** {@code ./qyx tick}: moves the pipeline's clock to an as-of date, once or (--daily) every day. */
@Command(name = "tick", description = {"Sets the as-of date status is judged at (docs/design.md §5): every indicator is evaluated again, "
    + "and alerts move. In production --daily ticks today's date at start and after every midnight (QYX_TICKER=1 ./qyx up runs it); "
    + "a demo or a replay ticks simulated dates."})
final class TickCommand implements Callable<Integer> {
  @CommandLine.Mixin StackOptions stack;
  @CommandLine.Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DATE",
      description = "The as-of date, e.g. 2024-06-30; not after today and after the current one.")
  LocalDate asOf;

  @CommandLine.Option(names = "--daily", description = "Tick today's date now and after every midnight (Asia/Shanghai) until stopped.")
  boolean daily;

  @CommandLine.Option(names = "--source", defaultValue = "operator", description = "Who ticks, recorded with the tick (default: ${DEFAULT-VALUE}).")
  String source;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (daily == (asOf != null)) {
      spec.commandLine().getErr().println("qyx: give a DATE to tick once, or --daily (not both)");
      return 2;
    }
    if (daily) {
      return tickDaily();
    }
    LocalDate today = LocalDate.now(ReportRules.PLAN_ZONE);
    if (asOf.isAfter(today)) {
      spec.commandLine().getErr().printf("qyx: not ticked: %s is after today (%s); the clock cannot run ahead of the calendar.%n", asOf, today);
      return 1;
    }
    Optional<LocalDate> current = ClockTicks.latestAsOf(stack.kafka(), stack.registryUrl());
    if (current.isPresent() && !asOf.isAfter(current.get())) {
      spec.commandLine().getErr().printf("qyx: not ticked: the clock is already at %s; a date not after it changes nothing.%n", current.get());
      return 1;
    }
    ClockTicks.send(stack.kafka(), stack.registryUrl(), asOf, source);
    out.printf("Clock at %s (was %s): every indicator is judged again.%n", asOf, current.map(LocalDate::toString).orElse("not set"));
    return 0;
  }

  /** Runs the daily ticker until the process is stopped. */
  private int tickDaily() throws InterruptedException {
    var stopped = new CountDownLatch(1);
    var ticker = new DailyTicker(stack.kafka(), stack.registryUrl(), Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ticker.close();
      stopped.countDown();
    }, "qyx-ticker-shutdown"));
    ticker.start();
    stopped.await();
    return 0;
  }
}
