package cn.gov.yuhuan.qyx.ops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableSnapshotTest {
  @TempDir Path dir;

  @Test
  void shouldFindNoDifferenceBetweenTheSameRowsInAnotherOrder() throws Exception {
    TableSnapshot before = snapshot("alerts\ta\t1", "alerts\tb\t2", "areas\tKANMEN");
    TableSnapshot after = snapshot("areas\tKANMEN", "alerts\tb\t2", "alerts\ta\t1");

    assertThat(before.differences(after)).isEmpty();
    assertThat(before.sizes()).containsEntry("alerts", 2).containsEntry("areas", 1);
  }

  @Test
  void shouldNameTheTableAndTheRowsThatDifferOnEitherSide() throws Exception {
    TableSnapshot before = snapshot("alerts\ta\t1", "areas\tKANMEN");
    TableSnapshot after = snapshot("alerts\ta\t2", "areas\tKANMEN");

    assertThat(before.differences(after)).containsExactly("alerts: 2 rows differ, e.g. + a\t2 | - a\t1");
  }

  @Test
  void shouldCountARowTwiceOnOneSideAsADifference() throws Exception {
    TableSnapshot before = snapshot("alerts\ta\t1", "alerts\ta\t1");
    TableSnapshot after = snapshot("alerts\ta\t1");

    assertThat(before.differences(after)).containsExactly("alerts: 1 rows differ, e.g. - a\t1");
  }

  @Test
  void shouldReportATableOnlyOneSideHas() throws Exception {
    TableSnapshot before = snapshot("alerts\ta\t1");
    TableSnapshot after = snapshot("alerts\ta\t1", "silences\ts-1");

    assertThat(before.differences(after)).containsExactly("silences: 1 rows differ, e.g. + s-1");
  }

  /** A snapshot as {@link TableSnapshot#write} writes one, read back. */
  private TableSnapshot snapshot(String... lines) throws Exception {
    Path file = Files.createTempFile(dir, "tables", ".tsv");
    Files.write(file, List.of(lines));
    return TableSnapshot.read(file);
  }
}
