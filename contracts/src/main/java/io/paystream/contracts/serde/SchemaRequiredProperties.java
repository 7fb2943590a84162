package io.paystream.contracts.serde;

import io.paystream.contracts.EventType;
import io.paystream.contracts.EventTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.AnnotationIntrospector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.AnnotatedParameter;
import tools.jackson.databind.introspect.NopAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Marks the record components that an event type's JSON Schema lists under {@code required} as
 * Jackson "required" properties, so that binding event data fails ("Missing required creator
 * property") when one is absent, also when schema validation is off (the hot consumers' default).
 *
 * <p>Derived once from the schemas on the classpath ({@code /schemas/<type>.json}, {@link
 * EventTypes#ALL}): the top-level {@code required} array for the data record, and recursively the
 * {@code required} of an {@code object} property (or of an array's {@code items}) for a nested
 * record (a {@code List<Record>} component included). A record class used by several types is
 * required only in what every occurrence requires (the intersection), so a valid event is never
 * refused. Absent ≠ {@code null}: an explicit {@code null}, a value out of range or a pattern
 * mismatch is found only by full schema validation.
 */
final class SchemaRequiredProperties extends NopAnnotationIntrospector {

  private static final JsonMapper SCHEMA_READER = JsonMapper.builder().build();

  private transient volatile Map<Class<?>, Set<String>> required;

  /** The introspector to pair with Jackson's default: ours first, the default for the rest. */
  static AnnotationIntrospector pairedWith(AnnotationIntrospector defaults) {
    return AnnotationIntrospector.pair(new SchemaRequiredProperties(), defaults);
  }

  @Override
  public Boolean hasRequiredMarker(MapperConfig<?> config, AnnotatedMember member) {
    Class<?> owner = member.getDeclaringClass();
    if (!owner.isRecord()) {
      return null;
    }
    Set<String> names = required().get(owner);
    if (names == null) {
      return null;
    }
    String name;
    if (member instanceof AnnotatedParameter parameter) {
      RecordComponent[] components = owner.getRecordComponents();
      int index = parameter.getIndex();
      if (index < 0
          || index >= components.length
          || parameter.getOwner().getParameterCount() != components.length) {
        return null; // not the canonical constructor
      }
      name = components[index].getName();
    } else {
      name = member.getName();
    }
    return names.contains(name) ? Boolean.TRUE : null;
  }

  /** Record class → names its schema(s) require; built on first use. */
  Map<Class<?>, Set<String>> required() {
    Map<Class<?>, Set<String>> result = required;
    if (result == null) {
      Map<Class<?>, Set<String>> built = new HashMap<>();
      for (EventType<?> type : EventTypes.ALL) {
        collect(type.dataClass(), schema(type), built);
      }
      built.replaceAll((k, v) -> Set.copyOf(v));
      result = Map.copyOf(built);
      required = result;
    }
    return result;
  }

  private static void collect(
      Class<?> recordClass, JsonNode schema, Map<Class<?>, Set<String>> into) {
    Set<String> names = new HashSet<>();
    schema.path("required").forEach(n -> names.add(n.asString()));
    into.merge(
        recordClass,
        names,
        (old, now) -> {
          old.retainAll(now);
          return old;
        });
    JsonNode properties = schema.path("properties");
    for (RecordComponent component : recordClass.getRecordComponents()) {
      JsonNode property = properties.path(component.getName());
      if (property.isMissingNode()) {
        continue;
      }
      if (component.getType().isRecord()) {
        collect(component.getType(), property, into);
      } else if (listOfRecords(component.getGenericType()) instanceof Class<?> element) {
        collect(element, property.path("items"), into);
      }
    }
  }

  private static Type listOfRecords(Type type) {
    if (type instanceof ParameterizedType p
        && p.getRawType() == java.util.List.class
        && p.getActualTypeArguments()[0] instanceof Class<?> element
        && element.isRecord()) {
      return element;
    }
    return null;
  }

  private static JsonNode schema(EventType<?> type) {
    try (InputStream in =
        SchemaRequiredProperties.class.getResourceAsStream(type.schemaResource())) {
      if (in == null) {
        throw new IllegalStateException("no schema on the classpath at " + type.schemaResource());
      }
      return SCHEMA_READER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
