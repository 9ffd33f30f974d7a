package cn.gov.yuhuan.qyx.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./qyx import} on files it cannot read: it says why and exits 2 before it needs a running
 * stack (the config file named here does not exist).
 */
class ImportCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shouldExitWith2ForAFileThatDoesNotExist() {
    assertThat(run("import", "--config", dir.resolve("stack.properties").toString(), dir.resolve("五月.csv").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("五月.csv does not exist");
  }

  @Test
  void shouldExitWith2ForAnOldExcelWorkbook() throws Exception {
    Path xls = Files.write(dir.resolve("五月.xls"), new byte[] {1, 2, 3});

    assertThat(run("import", "--config", "stack.properties", xls.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("save it as .xlsx");
  }

  @Test
  void shouldExitWith2ForABadHeaderAndWriteTheHeaderErrorsForExcel() throws Exception {
    Path file = Files.writeString(dir.resolve("五月.csv"), "指标,area_code,period,value,reporting_unit\n", StandardCharsets.UTF_8);
    Path errors = dir.resolve("errors.csv");

    assertThat(run("import", "--config", "stack.properties", "--errors", errors.toString(), file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("UNKNOWN_COLUMN", "指标", "MISSING_COLUMN", "indicator_id");
    assertThat(Files.readString(errors)).startsWith("\uFEFFfile,row,field,reason,detail").contains("五月.csv,1,指标,UNKNOWN_COLUMN");
  }

  @Test
  void shouldBeListedAmongTheProducerCommands() {
    assertThat(new CommandLine(new ProducerCommand()).getSubcommands()).containsKey("import");
  }

  private int run(String... args) {
    var cli = new CommandLine(new ProducerCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
