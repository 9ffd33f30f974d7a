package cn.gov.yuhuan.qyx.it;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gov.yuhuan.qyx.producers.cli.ProducerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./qyx import} on real services: a clerk's mixed CSV goes through the import command in this
 * JVM (picocli, as {@code ./qyx} runs it, without the process), the good rows land in ClickHouse and
 * the bad ones are not sent; importing the same file again changes nothing.
 *
 * <p>Its indicators are ones no other integration test reports, so a shared stack stays apart.
 */
class ImportIT {
  private static final String TEAMS = "health.village_fitness_teams";
  private static final String COMMUNITIES = "housing.future_communities_built";
  private static final String[] MIXED = {
      "indicator_id,area_code,period,value,reporting_unit,note",
      TEAMS + ",KANMEN,2024-03,12,市卫生健康局,坎门街道",     // 2: good
      TEAMS + ",LUPU,2024-03,8,市卫生健康局,",                 // 3: good
      TEAMS + ",SHAMEN,2024-03,十,市卫生健康局,",              // 4: NOT_A_NUMBER
      TEAMS + ",CITY,2024-03,5,市卫生健康局,",                 // 5: AREA_NOT_IN_SCOPE, the city is the townships' total
      COMMUNITIES + ",YUCHENG,2024-03,1,市住建局,",            // 6: good
      COMMUNITIES + ",CHUMEN,2024-03,1,市卫生健康局,",         // 7: UNIT_NOT_RESPONSIBLE
      TEAMS + ",KANMEN,2024-04,5,市卫生健康局,"};              // 8: good
  /** The city totals of the good rows: 12 + 8 + 5 teams in 2 townships, 1 community in 1. */
  private static final List<List<String>> CITY_TOTALS = List.of(List.of(TEAMS, "25", "2"), List.of(COMMUNITIES, "1", "1"));

  @RegisterExtension static final RunningPipeline running = new RunningPipeline();

  @TempDir Path dir;

  @Test
  void shouldLandTheGoodRowsOfAMixedFileAndChangeNothingWhenItIsImportedAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("三月健身队伍.csv"), "\uFEFF" + String.join("\r\n", MIXED) + "\r\n", StandardCharsets.UTF_8);
    Path errors = dir.resolve("errors.csv");
    long rejectedBefore = count("rejected_events");

    Import first = importFile(file, errors);
    running.run().awaitLanding();

    assertThat(first.exitCode).as("some rows failed; it said:\n%s", first.out).isEqualTo(1);
    assertThat(first.out).contains("7 rows read, 4 sent, 3 rejected");
    assertThat(Files.readAllLines(errors, StandardCharsets.UTF_8)).hasSize(4).element(1).asString()
        .contains("三月健身队伍.csv,4,value,NOT_A_NUMBER");
    assertThat(Files.readString(errors)).contains(",5,area_code,AREA_NOT_IN_SCOPE,", ",7,reporting_unit,UNIT_NOT_RESPONSIBLE,");
    assertThat(plain(running.clickhouse().rows("SELECT indicator_id, area_code, period, value, note FROM qyx.progress_events FINAL"
        + " WHERE indicator_id IN ('" + TEAMS + "', '" + COMMUNITIES + "') ORDER BY indicator_id, area_code, period")))
        .containsExactly(
            List.of(TEAMS, "KANMEN", "2024-03", "12", "坎门街道"),
            List.of(TEAMS, "KANMEN", "2024-04", "5", "\\N"),
            List.of(TEAMS, "LUPU", "2024-03", "8", "\\N"),
            List.of(COMMUNITIES, "YUCHENG", "2024-03", "1", "\\N"));
    assertThat(cityTotals()).isEqualTo(CITY_TOTALS);
    assertThat(count("rejected_events")).as("the rows that failed were not sent").isEqualTo(rejectedBefore);
    String landed = snapshot();

    Import again = importFile(file, errors);
    running.run().awaitLanding();

    assertThat(again.exitCode).isEqualTo(1);
    assertThat(again.out).contains("7 rows read, 4 sent, 3 rejected");
    assertThat(snapshot()).isEqualTo(landed);
    assertThat(cityTotals()).isEqualTo(CITY_TOTALS);
    assertThat(count("rejected_events")).isEqualTo(rejectedBefore);
  }

  @Test
  void shouldCheckEveryRowAgainstThePublishedCatalogAndSendNothingOnADryRun() throws Exception {
    Path file = Files.writeString(dir.resolve("六月.csv"), String.join("\n",
        "indicator_id,area_code,period,value,reporting_unit",
        TEAMS + ",HAISHAN,2024-06,3,市卫生健康局",
        TEAMS + ",HAISHAN,2024-06,3,市教育局") + "\n", StandardCharsets.UTF_8);

    Import dryRun = importFile(file, dir.resolve("errors.csv"), "--dry-run");
    running.run().awaitLanding();

    assertThat(dryRun.exitCode).as("it said:%n%s", dryRun.out).isEqualTo(1);
    assertThat(dryRun.out).contains("UNIT_NOT_RESPONSIBLE", "2 rows read, 1 would be sent, 1 rejected (dry run: nothing sent)");
    assertThat(running.clickhouse().value("SELECT count() FROM qyx.progress_events FINAL WHERE area_code = 'HAISHAN' AND period = '2024-06'"))
        .isEqualTo("0");
  }

  /** What {@code ./qyx import --errors ERRORS [OPTIONS] FILE} says (stdout and stderr) and returns. */
  private static Import importFile(Path file, Path errors, String... options) {
    var out = new StringWriter();
    var cli = new CommandLine(new ProducerCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    List<String> args = new java.util.ArrayList<>(List.of("import"));
    args.addAll(running.stack().producerLogin("import"));
    args.addAll(List.of("--errors", errors.toString()));
    args.addAll(List.of(options));
    args.add(file.toString());
    return new Import(cli.execute(args.toArray(String[]::new)), out.toString());
  }

  private record Import(int exitCode, String out) {}

  private static List<List<String>> cityTotals() throws Exception {
    return plain(running.clickhouse().rows("SELECT indicator_id, actual, area_count FROM qyx.indicator_progress FINAL"
        + " WHERE indicator_id IN ('" + TEAMS + "', '" + COMMUNITIES + "') ORDER BY indicator_id"));
  }

  /** Decimals without the trailing zeros that some ClickHouse releases print and others do not. */
  private static List<List<String>> plain(List<List<String>> rows) {
    return rows.stream().map(row -> row.stream().map(cell -> cell.matches("-?\\d+\\.\\d+")
        ? new BigDecimal(cell).stripTrailingZeros().toPlainString() : cell).toList()).toList();
  }

  /**
   * The data values that stand, the areas' figures and the distinct events. A re-sent event is
   * recorded again in progress_events, one row per receipt, so its rows are not compared, its
   * distinct event ids are.
   */
  private static String snapshot() throws Exception {
    String indicators = "('" + TEAMS + "', '" + COMMUNITIES + "')";
    return running.clickhouse().rows("SELECT indicator_id, area_code, period, revision, event_id, value FROM qyx.data_values"
        + " WHERE indicator_id IN " + indicators + " ORDER BY indicator_id, area_code, period")
        + "\n" + running.clickhouse().rows("SELECT indicator_id, area_code, actual, value_count FROM qyx.area_progress FINAL"
        + " WHERE indicator_id IN " + indicators + " ORDER BY indicator_id, area_code")
        + "\n" + running.clickhouse().rows("SELECT count(DISTINCT event_id) FROM qyx.progress_events FINAL WHERE indicator_id IN " + indicators);
  }

  private static long count(String table) throws Exception {
    return Long.parseLong(running.clickhouse().value("SELECT count() FROM qyx." + table + " FINAL"));
  }
}
