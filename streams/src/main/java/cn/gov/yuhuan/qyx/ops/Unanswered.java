package cn.gov.yuhuan.qyx.ops;

import io.apicurio.registry.rest.client.models.ProblemDetails;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;

/**
 * Tells a service that did not answer (down, restarting, unreachable, or failing itself with a 5xx:
 * worth another try) from an answer that will be the same next time (bytes no schema reads, bad SQL). Not any IOException:
 * Avro reports truncated bytes as an EOFException, which no retry mends.
 */
public final class Unanswered {
  private Unanswered() {}

  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof UnknownHostException
          || t instanceof HttpTimeoutException || t instanceof ClosedChannelException) {
        return true; // refused, reset, timed out, unresolvable (ConnectException is a SocketException)
      }
      if (t instanceof ProblemDetails problem && problem.getStatus() != null && problem.getStatus() >= 500) {
        return true; // the registry answered, but with its own failure (storage, a proxy): try again
      }
      String name = t.getClass().getSimpleName();
      if (name.contains("ConnectException") || name.contains("ConnectTimeout") || name.contains("TimeoutException")) {
        return true; // the HTTP clients' own types (Vert.x, Netty, client-v2)
      }
    }
    return false;
  }
}
