package cn.gov.yuhuan.qyx.it;

import cn.gov.yuhuan.qyx.ops.ClickHouseQuery;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own stack of real services with the pipeline running on it, started before its
 * first test and stopped after its last:
 * {@code @RegisterExtension static final RunningPipeline pipeline = new RunningPipeline();}
 */
final class RunningPipeline implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, String> overrides;
  private LocalStack stack;
  private PipelineRun run;
  private ClickHouseQuery clickhouse;

  RunningPipeline() {
    this(Map.of());
  }

  /** With settings of the app and the sink changed, e.g. shorter retry delays. */
  RunningPipeline(Map<String, String> overrides) {
    this.overrides = Map.copyOf(overrides);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    stack = LocalStack.start(context.getRequiredTestClass().getSimpleName());
    run = PipelineRun.start(stack, overrides);
    clickhouse = stack.clickhouse();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (run != null) {
      run.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  LocalStack stack() {
    return stack;
  }

  PipelineRun run() {
    return run;
  }

  ClickHouseQuery clickhouse() {
    return clickhouse;
  }
}
