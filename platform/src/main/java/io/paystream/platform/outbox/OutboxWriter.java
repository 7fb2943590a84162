package io.paystream.platform.outbox;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topic;
import io.paystream.contracts.serde.CloudEventKafkaSerializer;
import io.paystream.contracts.serde.EventJson;
import io.paystream.contracts.serde.EventRejectedException;
import io.paystream.platform.reactive.Deadlines;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Queues events in the service's outbox table inside the caller's R2DBC transaction; {@link
 * OutboxRelay} publishes them after the commit. Nothing is published if the transaction rolls back.
 *
 * <p>The row holds the record <em>as it will be published</em>: the value bytes and the {@code
 * ce_*} / {@code content-type} headers that {@link CloudEventKafkaSerializer} writes, computed
 * here, once. The relay sends those bytes and headers unchanged (a byte-array producer), so the
 * wire format is exactly that of {@code EventPublisher} and no JSON is parsed back into records.
 *
 * <p>The insert joins the transaction bound to the Reactor context by a {@code
 * TransactionalOperator} or {@code @Transactional} over the same {@code ConnectionFactory}
 * (Spring's {@link DatabaseClient} looks it up there); outside a transaction it commits on its own.
 * The same statement calls {@code pg_notify(<channel>, '')}, which PostgreSQL delivers to the
 * relays' {@code LISTEN} only at commit.
 *
 * <p>The row's headers also carry the writer's trace context ({@code traceparent}, baggage such as
 * {@code X-Request-Id}; {@link OutboxTraceContext}), so the consumer of the published record
 * continues the trace of the request or record that wrote it: {@link #enqueueAll} takes the
 * observation from the Reactor context it is subscribed with ({@link
 * ObservationThreadLocalAccessor#KEY}, where WebFlux keeps the request's) or else from the calling
 * thread; {@link #insertFor} from the {@link ContextView} given, or the calling thread.
 *
 * <pre>{@code
 * tx.transactional(ledger.save(decision)
 *     .then(outbox.enqueue(Topics.PAYMENT_DECISIONS, cardToken, event)))
 * }</pre>
 */
public class OutboxWriter {

  private final DatabaseClient db;
  private final OutboxProperties settings;
  private final CloudEventKafkaSerializer serializer;
  private final ObservationRegistry observations;
  private final OutboxTraceContext traceContext;
  private final String insert;

  /**
   * The outbox insert of some entries, to run as a data-modifying {@code WITH} query inside the
   * caller's own statement, so that a service can write its row and queue its event in one
   * statement (one round trip, atomic without {@code BEGIN}/{@code COMMIT}).
   *
   * @param insert {@code INSERT INTO <table> ... SELECT ... WHERE <onlyIf> ... RETURNING 1}: put it
   *     in a {@code WITH <name> AS (...)} of the statement
   * @param channelIndex the placeholder index of the {@code NOTIFY} channel (used by {@link
   *     #queued})
   * @param bindings the values of the fragment's placeholders, in order from {@code firstIndex}
   *     (six: event ids, topics, keys, headers, payloads as arrays, and the channel)
   */
  public record Insert(String insert, int channelIndex, List<Object> bindings) {

    /**
     * A scalar expression for the statement's select list: how many rows the {@code WITH} query
     * named {@code cte} inserted. It calls {@code pg_notify(<channel>, '')} once per inserted row
     * (delivered at commit, folded into one), so the statement must select it.
     */
    public String queued(String cte) {
      return queuedSql(cte, channelIndex);
    }
  }

  /**
   * A writer for {@code settings.table()}.
   *
   * @param db a client over the application's {@code ConnectionFactory} (the one its transactions
   *     run on)
   * @param settings table, channel and statement timeout
   * @param producerProperties the Kafka producer configs; {@value
   *     CloudEventKafkaSerializer#VALIDATE_CONFIG} there makes {@link #enqueue} validate the data
   *     against its JSON Schema, as the serializer would at send time
   */
  public OutboxWriter(
      DatabaseClient db, OutboxProperties settings, Map<String, ?> producerProperties) {
    this(db, settings, producerProperties, ObservationRegistry.NOOP, OutboxTraceContext.NONE);
  }

  /**
   * A writer whose rows carry the writer's trace context.
   *
   * @param db a client over the application's {@code ConnectionFactory}
   * @param settings table, channel and statement timeout
   * @param producerProperties the Kafka producer configs (see above)
   * @param observations the application's observation registry (the calling thread's current
   *     observation is read from it); {@link ObservationRegistry#NOOP} for none
   * @param traceContext how the trace context is written into the row's headers
   */
  public OutboxWriter(
      DatabaseClient db,
      OutboxProperties settings,
      Map<String, ?> producerProperties,
      ObservationRegistry observations,
      OutboxTraceContext traceContext) {
    this.db = db;
    this.settings = settings;
    this.observations = observations;
    this.traceContext = traceContext;
    this.serializer = new CloudEventKafkaSerializer();
    this.serializer.configure(producerProperties, false);
    this.insert =
        "WITH ins AS (" + insertSql(1, "TRUE") + ") SELECT " + queuedSql("ins", 6) + " AS n";
  }

  /**
   * Queues {@code event} for {@code topic} under {@code key} in the caller's transaction.
   *
   * @return 1, or 0 when a row with the same event id is still in the table (a duplicate effect)
   * @throws IllegalArgumentException (at call time) if the event's type is not the topic's
   * @throws EventRejectedException (at call time) if schema validation is on and the data violates
   *     it
   */
  public <T extends Record> Mono<Long> enqueue(Topic<T> topic, String key, Event<T> event) {
    return enqueueAll(List.of(OutboxEntry.of(topic, key, event)));
  }

  /**
   * Queues several events in one statement, in list order (which is their publication order per
   * key), in the caller's transaction. The returned {@code Mono} fails with {@code
   * TimeoutException} if PostgreSQL does not answer within {@code statement-timeout}.
   *
   * @return how many rows were inserted (entries whose event id is already in the table are
   *     skipped)
   * @throws EventRejectedException (at call time) if schema validation is on and data violates it
   */
  public Mono<Long> enqueueAll(List<? extends OutboxEntry<?>> entries) {
    if (entries.isEmpty()) {
      return Mono.just(0L);
    }
    List<Serialized> serialized = serialize(entries); // schema violations throw here
    Observation caller = observations.getCurrentObservation();
    return Mono.deferContextual(
        context -> {
          List<Object> bindings =
              bindings(
                  serialized, context.getOrDefault(ObservationThreadLocalAccessor.KEY, caller));
          DatabaseClient.GenericExecuteSpec spec = db.sql(insert);
          for (int i = 0; i < bindings.size(); i++) {
            spec = spec.bind(i, bindings.get(i));
          }
          return Deadlines.within(
              spec.map(r -> r.get("n", Long.class)).one().defaultIfEmpty(0L),
              settings.statementTimeout());
        });
  }

  /**
   * The outbox insert of {@code entries} as a fragment of the caller's own statement (see {@link
   * Insert}): the rows hold exactly what {@link #enqueueAll} would store, and the relay publishes
   * them after the statement's transaction commits. Example, queueing an event only when a row was
   * inserted:
   *
   * <pre>{@code
   * OutboxWriter.Insert o = outbox.insertFor(List.of(entry), 3, "EXISTS (SELECT 1 FROM p)");
   * String sql = "WITH p AS (INSERT INTO t ... ON CONFLICT DO NOTHING RETURNING id), o AS ("
   *     + o.insert() + ") SELECT (SELECT id FROM p) AS id, " + o.queued("o") + " AS queued";
   * }</pre>
   *
   * @param entries the events, in publication order per key; an event id still in the table is
   *     skipped
   * @param firstIndex the 1-based index of the fragment's first placeholder ({@code $firstIndex})
   * @param onlyIf an SQL condition of the statement (e.g. over another {@code WITH} query) that
   *     must hold for any row to be queued; {@code "TRUE"} for always
   * @throws EventRejectedException if schema validation is on and data violates it
   * @throws IllegalArgumentException if {@code entries} is empty
   */
  public Insert insertFor(List<? extends OutboxEntry<?>> entries, int firstIndex, String onlyIf) {
    return insertFor(entries, firstIndex, onlyIf, null);
  }

  /**
   * {@link #insertFor(List, int, String)} whose rows carry the trace context of the observation in
   * {@code context} (a reactive caller's Reactor context, e.g. from {@code Mono.deferContextual}),
   * or of the calling thread when there is none.
   */
  public Insert insertFor(
      List<? extends OutboxEntry<?>> entries,
      int firstIndex,
      String onlyIf,
      @Nullable ContextView context) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("no entries");
    }
    Observation caller = observations.getCurrentObservation();
    Observation parent =
        context == null ? caller : context.getOrDefault(ObservationThreadLocalAccessor.KEY, caller);
    return new Insert(
        insertSql(firstIndex, onlyIf), firstIndex + 5, bindings(serialize(entries), parent));
  }

  private String insertSql(int first, String onlyIf) {
    return "INSERT INTO "
        + settings.table()
        + " (event_id, topic, message_key, headers, payload)"
        + " SELECT t.id, t.topic, t.key, t.headers::jsonb, decode(t.payload, 'base64')"
        + " FROM unnest($"
        + first
        + "::text[], $"
        + (first + 1)
        + "::text[], $"
        + (first + 2)
        + "::text[], $"
        + (first + 3)
        + "::text[], $"
        + (first + 4)
        + "::text[]) WITH ORDINALITY AS t(id, topic, key, headers, payload, n)"
        + " WHERE "
        + onlyIf
        + " ORDER BY t.n ON CONFLICT (event_id) DO NOTHING RETURNING 1";
  }

  private static String queuedSql(String cte, int channelIndex) {
    return "(SELECT count(*) FROM "
        + cte
        + ", LATERAL (SELECT pg_notify($"
        + channelIndex
        + ", '')) notified)";
  }

  /** An entry as the serializer writes it (value and CloudEvents headers). */
  private record Serialized(OutboxEntry<?> entry, RecordHeaders headers, byte[] value) {}

  private List<Serialized> serialize(List<? extends OutboxEntry<?>> entries) {
    List<Serialized> out = new ArrayList<>(entries.size());
    for (OutboxEntry<?> entry : entries) {
      RecordHeaders recordHeaders = new RecordHeaders();
      byte[] value = serializer.serialize(entry.topic().name(), recordHeaders, entry.event());
      out.add(new Serialized(entry, recordHeaders, value));
    }
    return out;
  }

  private List<Object> bindings(List<Serialized> entries, @Nullable Observation parent) {
    int n = entries.size();
    String[] ids = new String[n];
    String[] topics = new String[n];
    String[] keys = new String[n];
    String[] headers = new String[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      Serialized s = entries.get(i);
      traceContext.inject(parent, s.headers());
      ids[i] = s.entry().event().id();
      topics[i] = s.entry().topic().name();
      keys[i] = s.entry().key();
      headers[i] = headersJson(s.headers());
      payloads[i] = Base64.getEncoder().encodeToString(s.value());
    }
    return List.of(ids, topics, keys, headers, payloads, settings.channel());
  }

  /** {@code [["ce_id","..."], ...]}: header order kept, values as UTF-8 text. */
  private static String headersJson(RecordHeaders headers) {
    List<List<String>> pairs = new ArrayList<>();
    for (Header h : headers) {
      pairs.add(List.of(h.key(), utf8(h.key(), h.value())));
    }
    return EventJson.mapper().writeValueAsString(pairs);
  }

  private static String utf8(String name, byte[] value) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("header " + name + " is not UTF-8 text", e);
    }
  }
}
