package cn.gov.yuhuan.qyx.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of one app or service of a stack: the one its pid file under {@code QYX_HOME/run}
 * names and, for an app under {@code infra/supervise.sh}, the app itself, whose pid the supervisor
 * keeps in {@code NAME.child}.
 */
final class AppPids {
  private AppPids() {}

  static List<String> of(Path pidFile) throws IOException {
    List<String> pids = new ArrayList<>(List.of(Files.readString(pidFile).trim()));
    Path child = pidFile.resolveSibling(pidFile.getFileName().toString().replace(".pid", ".child"));
    if (Files.exists(child)) {
      pids.add(Files.readString(child).trim());
    }
    return pids;
  }
}
