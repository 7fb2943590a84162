-- notification-service delivery log (schema "notification", owned by this service only).
-- One row per dedup key: the row is claimed (inserted / locked FOR UPDATE) in the same transaction
-- as the provider call and its outcome, so a duplicated or redelivered event never sends twice.
CREATE TABLE deliveries (
    id                  uuid        PRIMARY KEY,
    dedup_key           text        NOT NULL UNIQUE,
    notification_id     text        NOT NULL,
    event_id            text        NOT NULL,
    customer_id         text        NOT NULL,
    channel             text        NOT NULL,
    recipient_masked    text,
    template            text        NOT NULL,
    locale              text,
    status              text        NOT NULL
        CHECK (status IN ('PENDING', 'DEFERRED', 'RELEASED', 'RETRYING', 'SENT', 'FAILED')),
    attempts            integer     NOT NULL DEFAULT 0,
    provider_message_id text,
    error               text,
    not_before          timestamptz,
    deferred_event      jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX deliveries_deferred_due ON deliveries (not_before) WHERE status = 'DEFERRED';
CREATE INDEX deliveries_customer ON deliveries (customer_id, created_at);

-- Every provider call (and every deferral or refusal) of a delivery, in order.
CREATE TABLE delivery_attempts (
    delivery_id         uuid        NOT NULL REFERENCES deliveries (id),
    attempt             integer     NOT NULL,
    status              text        NOT NULL
        CHECK (status IN ('SENT', 'TRANSIENT_FAILURE', 'FAILED', 'DEFERRED')),
    provider_message_id text,
    error               text,
    attempted_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (delivery_id, attempt)
);
