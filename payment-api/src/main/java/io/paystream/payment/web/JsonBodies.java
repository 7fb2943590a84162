package io.paystream.payment.web;

import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
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
   * <p>Jackson's {@code StreamReadConstraints} (defaults: numbers of at most 1,000 characters,
   * nesting at most 500 deep, strings of at most 20 M characters) bound the parser's work; a number
   * over the limit is refused naming its field (e.g. {@code location.lat}), so a client sees which
   * value to fix.
   *
   * @throws PaystreamProblem 400 when the body is empty or not JSON, or breaks a parser constraint
   */
  public JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw Problems.validation("body", "is required");
    }
    JsonParser parser = mapper.createParser(body);
    try (parser) {
      return mapper.readTree(parser);
    } catch (StreamConstraintsException e) {
      throw constraint(e, parser);
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

  /** The problem for a broken {@code StreamReadConstraints} limit; never quotes the input. */
  private PaystreamProblem constraint(StreamConstraintsException e, JsonParser parser) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    StreamReadConstraints limits = mapper.tokenStreamFactory().streamReadConstraints();
    if (message.startsWith("Number value length")) {
      String field = path(parser.streamReadContext());
      return Problems.validation(
          field.isEmpty() ? "body" : field,
          "is a number of more than " + limits.getMaxNumberLength() + " characters");
    }
    if (message.startsWith("Document nesting depth")) {
      return Problems.validation(
          "body", "is nested more than " + limits.getMaxNestingDepth() + " levels deep");
    }
    return Problems.validation("body", "is too large to read");
  }

  /** A parser context as a field path: {@code location.lat}, {@code items[2].id}. */
  static String path(TokenStreamContext context) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.currentName() != null) {
        parts.push("." + c.currentName());
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
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
