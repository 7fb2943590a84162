package io.paystream.payment.web;

import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses request bodies to JSON trees; a body that is not JSON is a 400 validation problem on the
 * field {@code body}. A member name repeated within one object ({@code {"amount":"1.00",
 * "amount":"9999.00"}}) is refused (Jackson's {@code STRICT_DUPLICATE_DETECTION}): RFC 8259 leaves
 * its meaning open, and parsers differ on which one wins, so a proxy or a signature check could see
 * another request than we do.
 */
@Component
public class JsonBodies {

  private final JsonMapper mapper;

  public JsonBodies(JsonMapper mapper) {
    this.mapper = mapper.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  }

  /**
   * The body as a JSON tree.
   *
   * @throws PaystreamProblem 400 when the body is empty or not JSON
   */
  public JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw Problems.validation("body", "is required");
    }
    try {
      return mapper.readTree(body);
    } catch (StreamReadException e) {
      // the parser's message may quote the input (a PAN): never pass it on
      boolean duplicate =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate ");
      throw Problems.validation(
          "body", duplicate ? "has a duplicate member name" : "is not valid JSON");
    } catch (JacksonException e) {
      throw Problems.validation("body", "is not valid JSON");
    }
  }

  /** The {@code errors} of a validation problem thrown by {@link #parse}, else empty. */
  @SuppressWarnings("unchecked")
  public static List<FieldError> errors(PaystreamProblem problem) {
    Object errors =
        problem.getBody().getProperties() == null
            ? null
            : problem.getBody().getProperties().get("errors");
    return errors instanceof List<?> list ? (List<FieldError>) list : List.of();
  }
}
