-- fds-service ledger: current state, append-only history, card profiles, transactional outbox.

CREATE TABLE transactions (
    payment_id    text PRIMARY KEY,
    card_token    text        NOT NULL,
    customer_id   text        NOT NULL,
    client_id     text        NOT NULL,
    merchant_id   text        NOT NULL,
    merchant_name text,
    channel       text        NOT NULL,
    amount_minor  bigint      NOT NULL CHECK (amount_minor > 0),
    currency      char(3)     NOT NULL,
    location      jsonb,
    occurred_at   timestamptz NOT NULL,
    status        text        NOT NULL,
    last_sequence int         NOT NULL,
    reason_codes  text[]      NOT NULL DEFAULT '{}',
    travel        jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX transactions_pending_idx ON transactions (updated_at)
    WHERE status = 'PENDING_VERIFICATION';

-- Append-only: sequence 0 is RECEIVED, 1 the first decision (payment.decided.v1 sequence).
CREATE TABLE payment_events (
    payment_id   text        NOT NULL REFERENCES transactions (payment_id),
    sequence     int         NOT NULL CHECK (sequence >= 0),
    status       text        NOT NULL,
    reason_codes text[]      NOT NULL DEFAULT '{}',
    data         jsonb,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (payment_id, sequence)
);

CREATE FUNCTION payment_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'payment_events is append-only';
END $$;

CREATE TRIGGER payment_events_no_update
    BEFORE UPDATE OR DELETE ON payment_events
    FOR EACH ROW EXECUTE FUNCTION payment_events_append_only();

CREATE TABLE card_profiles (
    card_token text PRIMARY KEY,
    status     text        NOT NULL,
    located    jsonb       NOT NULL DEFAULT '[]',
    recent     jsonb       NOT NULL DEFAULT '[]',
    version    bigint      NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    event_id     text        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    message_key  text        NOT NULL,
    event_type   text        NOT NULL,
    subject      text,
    event_time   timestamptz NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at timestamptz
);

CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_unpublished_key_idx ON outbox (message_key, id) WHERE published_at IS NULL;

CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ledger_outbox', '');
    RETURN NULL;
END $$;

-- One notification per inserting statement, delivered at commit.
CREATE TRIGGER outbox_inserted
    AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Consumed event ids (CloudEvents ce_id): a redelivered event is recognised in the same transaction.
CREATE TABLE processed_events (
    event_id     text PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
