package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.ops.access.Principals;
import cn.gov.yuhuan.qyx.producers.cli.ProducerCommand;
import cn.gov.yuhuan.qyx.schemas.ClockTicks;
import cn.gov.yuhuan.qyx.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code ./qyx tick}, {@code ./qyx silence} and {@code ./qyx silences} on real services, run in this
 * JVM as {@code ./qyx} runs them: an indicator nobody reports falls OVERDUE by ticks alone, its
 * alert is muted while a silence holds and reaches the lead unit once it is lifted, and the
 * commands refuse what would change nothing or name nothing. The tests share the stack's clock, so
 * they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorCommandsIT {
  /** MONTHLY, 10 grace days: February's figure is due once 10 March is over. Nobody reports it here. */
  private static final String INDICATOR = "education.cadres_trained";

  @RegisterExtension static final RunningPipeline running = new RunningPipeline();

  @Test
  @Order(1)
  void shouldTickMuteAndLiftAsAnOperatorDoes() throws Exception {
    assertThat(run("silences").out()).contains("0 silence(s) on record", "none active");

    Run silence = run("silence", INDICATOR, "--kind", "OVERDUE", "--until", "2024-04-30", "--reason", "项目库调整，经专班批准缓报",
        "--approved-by", "专班办公室");
    assertThat(silence.exitCode()).as(silence.out()).isZero();
    String silenceId = silence.out().replaceAll("(?s)^Silence (s-[0-9a-f]+):.*", "$1");
    assertThat(silenceId).matches("s-[0-9a-f]{8}");

    assertThat(run("tick", "2024-03-31").out()).contains("Clock at 2024-03-31 (was not set)");
    running.run().awaitLanding();
    assertThat(alert()).as("raised, recorded, muted").containsExactly(
        INDICATOR + "|CITY|OVERDUE|2024-03-31", "FIRING", "silence " + silenceId, "NONE");
    assertThat(status()).isEqualTo("OVERDUE");
    assertThat(run("silences").out()).contains(silenceId + "  active", "until 2024-04-30", "approved by 专班办公室");

    Run lifted = run("silence", "--lift", silenceId, "--approved-by", "分管领导");
    assertThat(lifted.out()).contains("Silence " + silenceId + " lifted");
    assertThat(run("tick", "2024-04-01").exitCode()).isZero();
    running.run().awaitLanding();
    assertThat(alert()).as("the lead unit is told once the silence ends").containsExactly(
        INDICATOR + "|CITY|OVERDUE|2024-03-31", "FIRING", "(not muted)", "RAISED");
    assertThat(run("silences").out()).contains("none active");
    assertThat(run("silences", "--all").out()).contains(silenceId + "  ended", "lifted by 分管领导 on 2024-03-31");
  }

  @Test
  @Order(2)
  void shouldRefuseWhatWouldChangeNothingOrNameNothing() {
    Run ahead = run("tick", "2999-01-01");
    assertThat(ahead.exitCode()).isEqualTo(1);
    assertThat(ahead.err()).contains("is after today", "cannot run ahead of the calendar");

    Run unknown = run("silence", "no.such.indicator", "--until", "2024-12-31", "--reason", "r", "--approved-by", "a");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no indicator no.such.indicator in the published catalog");

    Run kind = run("silence", INDICATOR, "--kind", "LATE", "--until", "2024-12-31", "--reason", "r", "--approved-by", "a");
    assertThat(kind.err()).contains("--kind LATE is not one of BREACHED, LAGGING, MISSED, OVERDUE");

    Run noReason = run("silence", INDICATOR, "--until", "2024-12-31", "--approved-by", "a");
    assertThat(noReason.err()).contains("a new silence needs --until DATE and --reason TEXT");
  }

  @Test
  @Order(3)
  void shouldRefuseATickThatIsNotAfterTheClock() {
    assertThat(run("tick", "2024-06-30").exitCode()).isZero();
    Run again = run("tick", "2024-06-29");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("the clock is already at 2024-06-30", "changes nothing");
  }

  @Test
  @Order(4)
  void shouldLetNoTickFromTheFutureFreezeTheClockWhoeverSendsIt() throws Exception {
    // Straight to Kafka, past the CLI's own check, as any process with the operator's login could.
    ClockTicks.send(running.stack().kafkaAs(Principals.OPERATOR), running.stack().registryUrl(), LocalDate.now(ClockTicks.PLAN_ZONE).plusDays(30), "rogue");
    running.run().awaitLanding();
    assertThat(running.clickhouse().rows("SELECT DISTINCT reason, source_topic FROM qyx.rejected_events FINAL WHERE reason = 'TICK_IN_FUTURE' AND detail LIKE '%a tick of%'"))
        .as("dead-lettered in every partition of the event log, with the reason").containsExactly(List.of("TICK_IN_FUTURE", Topics.PROGRESS_REPORTS));

    Run next = run("tick", "2024-07-01");
    assertThat(next.out()).as("the clock still moves, and the ticker's view of it ignores the rogue tick").contains("Clock at 2024-07-01 (was 2024-06-30)");
    running.run().awaitLanding();
    assertThat(running.clickhouse().value("SELECT max(as_of) FROM qyx.status_history FINAL")).isEqualTo("2024-07-01");
  }

  private List<String> alert() throws Exception {
    List<List<String>> rows = running.clickhouse().rows("SELECT alert_id, state, ifNull(muted_by, '(not muted)'), notice FROM qyx.alerts FINAL "
        + "WHERE indicator_id = '" + INDICATOR + "' AND kind = 'OVERDUE' ORDER BY raised_as_of");
    assertThat(rows).hasSize(1);
    return new ArrayList<>(rows.get(0));
  }

  private String status() throws Exception {
    return running.clickhouse().value("SELECT status FROM qyx.indicator_progress FINAL WHERE indicator_id = '" + INDICATOR + "'");
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = new CommandLine(new ProducerCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args[0]));
    all.addAll(running.stack().producerLogin(args[0]));
    all.addAll(List.of(args).subList(1, args.length));
    int exitCode = cli.execute(all.toArray(String[]::new));
    return new Run(exitCode, out.toString(), err.toString());
  }
}
