package cn.gov.yuhuan.qyx.producers.cli;

import cn.gov.yuhuan.qyx.catalog.ReportRules;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/** {@code ./qyx tick}: moves the pipeline's clock to an as-of date. */
@Command(name = "tick", description = {"Sets the as-of date status is judged at (DESIGN §5): every indicator is evaluated again, "
    + "and alerts move. In production the streams app's ticker does this daily (clock.ticker=true); a demo or a replay ticks simulated dates."})
final class TickCommand implements Callable<Integer> {
  @CommandLine.Mixin StackOptions stack;
  @CommandLine.Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DATE", description = "The as-of date, e.g. 2024-06-30; not after today and after the current one.")
  LocalDate asOf;

  @CommandLine.Option(names = "--source", defaultValue = "operator", description = "Who ticks, recorded with the tick (default: ${DEFAULT-VALUE}).")
  String source;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LocalDate today = LocalDate.now(ReportRules.PLAN_ZONE);
    if (asOf.isAfter(today)) {
      spec.commandLine().getErr().printf("qyx: not ticked: %s is after today (%s); the clock cannot run ahead of the calendar.%n", asOf, today);
      return 1;
    }
    Optional<LocalDate> current = ClockTicks.latestAsOf(stack.bootstrapServers(), stack.registryUrl());
    if (current.isPresent() && !asOf.isAfter(current.get())) {
      spec.commandLine().getErr().printf("qyx: not ticked: the clock is already at %s; a date not after it changes nothing.%n", current.get());
      return 1;
    }
    ClockTicks.send(stack.bootstrapServers(), stack.registryUrl(), asOf, source);
    out.printf("Clock at %s (was %s): every indicator is judged again.%n", asOf, current.map(LocalDate::toString).orElse("not set"));
    return 0;
  }
}
