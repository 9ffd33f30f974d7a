package cn.gov.yuhuan.qyx.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;

/** The body the webhook receives for a digest, in the format {@code notify.format} names. */
abstract class DigestPayload {
  /**
   * Writes decimals as they are, e.g. {@code 12.3400}, never in E-notation: a receiver parsing into
   * a float still gets the value the pipeline computed, one parsing exactly gets its scale too.
   */
  /** snake_case names from the records' components, as the rest of the pipeline's contracts name fields. */
  static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  /** {@code json} or {@code dingtalk}, as validated by the config. */
  static DigestPayload forFormat(String format) {
    return switch (format) {
      case "json" -> new JsonPayload();
      case "dingtalk" -> new DingTalkPayload();
      default -> throw new IllegalArgumentException("no payload format " + format + "; use json or dingtalk");
    };
  }

  /** UTF-8 JSON. */
  final byte[] render(Digest digest) {
    try {
      return MAPPER.writeValueAsBytes(body(digest));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the payload of digest " + digest.id(), e);
    }
  }

  /** The object Jackson writes. */
  abstract Object body(Digest digest);

  /**
   * Whether a 2xx answer's body says the message was taken: a receiver like DingTalk answers 200
   * with an error code in the body.
   *
   * @return empty when taken, else why not
   */
  Optional<String> rejection(String responseBody) {
    return Optional.empty();
  }
}
