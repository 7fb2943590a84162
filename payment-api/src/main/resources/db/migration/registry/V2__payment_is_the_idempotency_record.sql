-- Issue 17: a payment is accepted by committing it, not by publishing it.
--
-- 1. registry.payments is the idempotency record. One statement inserts the payment under
--    (client_id, idempotency_key) with the request's fingerprint and queues payment.requested.v1 in
--    the outbox below; a second request with the key finds that row (replay when the fingerprint
--    matches, 422 when not). There is no in-flight state to be left behind and no expiry: a key
--    stays bound to its payment for as long as the payment's row exists.
-- 2. registry.idempotency_records goes. Its fingerprints are copied onto their payments first; a
--    payment whose record was already purged keeps a NULL fingerprint, and a request reusing its key
--    is answered 422 (the body cannot be compared, and it must never become a second payment).
-- 3. registry.outbox: the platform's outbox (docs/services/platform.md §8), published by the
--    platform relay (LISTEN registry_outbox); rows are deleted once the broker acknowledged them.

ALTER TABLE payments ADD COLUMN fingerprint CHAR(64);

UPDATE payments p
SET fingerprint = r.fingerprint
FROM idempotency_records r
WHERE r.client_id = p.client_id
  AND r.idempotency_key = p.idempotency_key
  AND r.payment_id = p.payment_id;

DROP TABLE idempotency_records;

CREATE TABLE outbox (
    id          bigserial   PRIMARY KEY,
    event_id    text        NOT NULL UNIQUE,
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    headers     jsonb       NOT NULL,
    payload     bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- the relay's "older row of this key?" check
CREATE INDEX outbox_key_id ON outbox (message_key, id);
