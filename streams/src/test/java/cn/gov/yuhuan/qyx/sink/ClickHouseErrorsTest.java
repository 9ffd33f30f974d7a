package cn.gov.yuhuan.qyx.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ClickHouseErrorsTest {
  /** What 18.16 answered one of two sinks creating the tables at once (ChaosIT, 2026-11-30). */
  private static final String RACED = "Code: 60, e.displayText() = DB::Exception: There was an error on [127.0.0.1:30100]: "
      + "Code: 60, e.displayText() = DB::Exception: Table qyx.plan_indicators doesn't exist., e.what() = DB::Exception";

  @Test
  void shouldTakeAnOnClusterStatementThatFoundATableMissingOnAReplicaForARace() {
    assertThat(ClickHouseErrors.isClusterDdlRace(new RuntimeException(new SQLException(RACED, null, 60)))).isTrue();
  }

  @Test
  void shouldNotTakeAnyOtherOnClusterFailureOrAMissingTableOnOneServerForARace() {
    String syntax = "Code: 62, e.displayText() = DB::Exception: There was an error on [127.0.0.1:30100]: Code: 62, Syntax error";
    assertThat(ClickHouseErrors.isClusterDdlRace(new SQLException(syntax, null, 62))).isFalse();
    assertThat(ClickHouseErrors.isClusterDdlRace(new SQLException("Code: 60, DB::Exception: Table qyx.x doesn't exist.", null, 60))).isFalse();
  }

  @Test
  void shouldRetryWhenTheServerDoesNotAnswerAndNotWhenTheSqlIsWrong() {
    assertThat(ClickHouseErrors.isRetriable(new RuntimeException(new IOException("Connection refused")))).isTrue();
    assertThat(ClickHouseErrors.isRetriable(new SQLException("Code: 62, Syntax error", null, 62))).isFalse();
    assertThat(ClickHouseErrors.isRetriable(new SQLException("Code: 252, Too many parts", null, 252))).isTrue();
  }
}
