package io.paystream.contracts.serde;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.paystream.contracts.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas (draft 2020-12) of the event types, loaded from {@code /schemas/} on the
 * classpath and compiled once.
 */
public final class EventSchemas {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();

  private EventSchemas() {}

  /**
   * Validates event data against its type's schema.
   *
   * @return the violations, each as {@code <instance path>: <reason>}; empty when valid
   * @throws IllegalStateException if the type has no schema on the classpath
   */
  public static List<String> violations(EventType<?> type, JsonNode data) {
    List<Error> errors = schema(type).validate(data);
    return errors.stream().map(EventSchemas::describe).toList();
  }

  private static String describe(Error error) {
    String message = error.getMessage();
    String location = error.getInstanceLocation().toString();
    // networknt messages usually start with the instance location already
    return message.startsWith(location) ? message : location + ": " + message;
  }

  private static Schema schema(EventType<?> type) {
    return COMPILED.computeIfAbsent(type.name(), name -> load(type));
  }

  private static Schema load(EventType<?> type) {
    try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
      if (in == null) {
        throw new IllegalStateException("no schema on the classpath at " + type.schemaResource());
      }
      return REGISTRY.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
