package io.paystream.contracts.serde;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of event data (Jackson 3): ISO 8601 times keeping their UTC offset, unknown
 * properties ignored (an added field is optional, ARCHITECTURE §4), nulls refused for primitives,
 * and a property the type's JSON Schema lists as {@code required} refused when absent ({@link
 * SchemaRequiredProperties}), so that binding alone catches a missing field when schema validation
 * is off.
 */
public final class EventJson {

  private static final JsonMapper MAPPER = build();

  private static JsonMapper build() {
    JsonMapper.Builder builder =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    return builder
        .annotationIntrospector(
            SchemaRequiredProperties.pairedWith(builder.annotationIntrospector()))
        .build();
  }

  private EventJson() {}

  /** The shared, thread-safe mapper for event data. */
  public static JsonMapper mapper() {
    return MAPPER;
  }
}
