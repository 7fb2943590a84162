package io.paystream.payment.web;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parses request bodies to JSON trees; a body that is not JSON is a 400 validation problem. */
@Component
public class JsonBodies {

  private final JsonMapper mapper;

  public JsonBodies(JsonMapper mapper) {
    this.mapper = mapper;
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
    } catch (JacksonException e) {
      // the parser's message may quote the input (a PAN): never pass it on
      throw Problems.validation("body", "is not valid JSON");
    }
  }
}
