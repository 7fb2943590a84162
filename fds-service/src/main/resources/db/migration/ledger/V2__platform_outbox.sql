-- The platform's shared outbox (docs/services/platform.md §8) replaces fds-service's own relay.
-- A row now holds the Kafka record as it will be published (CloudEvents binary-mode headers and the
-- value bytes) and is deleted once the broker acknowledged it, so the table no longer grows.
--
-- Existing rows: published rows (published_at set) are dropped: they were already on Kafka and the ledger's
-- payment_events is the history. Rows not yet published are moved into the new shape.
-- A moved row's headers are the ones CloudEventKafkaSerializer writes; its value is the stored jsonb
-- as text, the same JSON (member order and spacing may differ from Jackson's, which consumers do not
-- see: they parse by name). New rows are written by OutboxWriter, byte for byte as EventPublisher.

CREATE TABLE outbox_shared (
    id          bigserial   PRIMARY KEY,
    event_id    text        NOT NULL UNIQUE,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    headers     jsonb       NOT NULL,
    payload     bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

INSERT INTO outbox_shared (event_id, topic, message_key, headers, payload, created_at)
SELECT o.event_id,
       o.topic,
       o.message_key,
       jsonb_build_array(
           jsonb_build_array('ce_specversion', '1.0'),
           jsonb_build_array('ce_id', o.event_id),
           jsonb_build_array('ce_source', '/paystream/fds-service'),
           jsonb_build_array('ce_type', 'paystream.' || o.event_type),
           jsonb_build_array('content-type', 'application/json'),
           jsonb_build_array('ce_dataschema', 'urn:paystream:schema:' || o.event_type))
       || CASE WHEN o.subject IS NULL THEN '[]'::jsonb
               ELSE jsonb_build_array(jsonb_build_array('ce_subject', o.subject)) END
       || jsonb_build_array(jsonb_build_array('ce_time',
              to_char(o.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))),
       convert_to(o.payload::text, 'UTF8'),
       o.created_at
FROM outbox o
WHERE o.published_at IS NULL
ORDER BY o.id;

DROP TABLE outbox;
DROP FUNCTION outbox_notify();
ALTER TABLE outbox_shared RENAME TO outbox;
ALTER SEQUENCE outbox_shared_id_seq RENAME TO outbox_id_seq;
ALTER INDEX outbox_shared_pkey RENAME TO outbox_pkey;
ALTER INDEX outbox_shared_event_id_key RENAME TO outbox_event_id_key;
-- the relay's "older row of this key?" check
CREATE INDEX outbox_key_id ON outbox (message_key, id);
