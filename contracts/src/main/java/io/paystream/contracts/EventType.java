package io.paystream.contracts;

import java.util.Objects;

/**
 * A logical, versioned event type. Its CloudEvents {@code type} is {@code paystream.<name>} (e.g.
 * {@code paystream.payment.requested.v1}), never a Java class name.
 *
 * @param name logical name with version, e.g. {@code payment.requested.v1}
 * @param dataClass the record carried as the event's {@code data}
 * @param <T> the data record type
 */
public record EventType<T extends Record>(String name, Class<T> dataClass) {

  /** Prefix of every paystream CloudEvents {@code type}. */
  public static final String CE_TYPE_PREFIX = "paystream.";

  public EventType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataClass, "dataClass");
  }

  /** The CloudEvents {@code type} attribute, e.g. {@code paystream.payment.requested.v1}. */
  public String ceType() {
    return CE_TYPE_PREFIX + name;
  }

  /** Classpath location of the JSON Schema (2020-12) of the data. */
  public String schemaResource() {
    return "/schemas/" + name + ".json";
  }

  /** Classpath location of the golden example of the data. */
  public String exampleResource() {
    return "/examples/" + name + ".json";
  }
}
