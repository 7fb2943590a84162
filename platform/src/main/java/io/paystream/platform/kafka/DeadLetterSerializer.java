package io.paystream.platform.kafka;

import io.paystream.contracts.Event;
import io.paystream.contracts.serde.EventJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Key and value serializer of the dead-letter producer. A dead-letter record must be the original
 * record, and the original is not always an {@link Event}:
 *
 * <ul>
 *   <li>{@code byte[]}: the raw bytes of a record that failed to deserialize (a poison record,
 *       taken by {@code DeadLetterPublishingRecoverer} from the {@code DeserializationException}),
 *       written unchanged;
 *   <li>{@link String}: a record key, UTF-8;
 *   <li>{@link Event}: a record that deserialized but whose listener failed; written as its JSON
 *       data only, because the recoverer copies the original {@code ce_*} and {@code content-type}
 *       headers, so header + value is again the original CloudEvents binary-mode record (running it
 *       through the CloudEvents serializer would add a second set of {@code ce_*} headers).
 * </ul>
 */
public class DeadLetterSerializer implements Serializer<Object> {

  @Override
  public byte[] serialize(String topic, Object data) {
    if (data == null) {
      return null;
    }
    if (data instanceof byte[] bytes) {
      return bytes;
    }
    if (data instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (data instanceof Event<?> event) {
      return EventJson.mapper().writeValueAsBytes(event.data());
    }
    throw new SerializationException(
        "cannot dead-letter a " + data.getClass().getName() + " on " + topic);
  }
}
