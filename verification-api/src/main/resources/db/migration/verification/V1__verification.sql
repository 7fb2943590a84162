-- verification-api's schema (ARCHITECTURE §6): challenges, provider message ids, SMS send log, outbox.

CREATE TABLE challenge (
    id               uuid        PRIMARY KEY,
    payment_id       text        NOT NULL,
    card_token       text        NOT NULL,
    customer_id      text        NOT NULL,
    phone_e164       text,
    locale           text,
    -- HMAC-SHA-256(key, id ':' code); NULL once burned (every terminal status)
    code_hash        bytea,
    status           text        NOT NULL
        CHECK (status IN ('OPEN', 'APPROVED', 'REJECTED', 'EXPIRED', 'LOCKED')),
    failed_attempts  integer     NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    merchant_name    text,
    amount_minor     bigint      NOT NULL,
    currency         char(3)     NOT NULL,
    place            text,
    source_event_id  text        NOT NULL,
    created_at       timestamptz NOT NULL,
    issued_at        timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    completed_at     timestamptz,
    method           text,
    -- one challenge per payment: a duplicate or re-sent request event changes nothing
    CONSTRAINT challenge_payment_unique UNIQUE (payment_id),
    CONSTRAINT challenge_code_burned CHECK ((status = 'OPEN') = (code_hash IS NOT NULL))
);

CREATE INDEX challenge_open_by_phone ON challenge (phone_e164, created_at DESC) WHERE status = 'OPEN';
CREATE INDEX challenge_open_by_expiry ON challenge (expires_at) WHERE status = 'OPEN';

-- provider webhook de-duplication: one effect per MessageSid
CREATE TABLE provider_message (
    message_sid  text        PRIMARY KEY,
    phone_e164   text        NOT NULL,
    received_at  timestamptz NOT NULL,
    result       text        NOT NULL
);

-- every SMS asked of notification-service, for the per-phone throttle and daily cap
CREATE TABLE sms_send (
    id            bigserial   PRIMARY KEY,
    phone_e164    text        NOT NULL,
    challenge_id  uuid        NOT NULL,
    kind          text        NOT NULL,
    sent_at       timestamptz NOT NULL
);
CREATE INDEX sms_send_by_phone ON sms_send (phone_e164, sent_at DESC);

-- transactional outbox; rows are deleted once Kafka acknowledged them (a challenge SMS carries
-- the code in clear, which must not outlive its hand-over)
CREATE TABLE outbox (
    id          bigserial   PRIMARY KEY,
    event_id    text        NOT NULL UNIQUE,
    event_type  text        NOT NULL,
    topic       text        NOT NULL,
    record_key  text        NOT NULL,
    subject     text,
    event_time  timestamptz NOT NULL,
    data        jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
