-- payment-api owns schema "registry": the registry of customers, cards and merchants, the
-- idempotency records of POST /v1/payments and the payment status view kept from
-- payment-decisions. No PAN or CVV column exists anywhere: cards are kept as token, BIN, last four.

CREATE TABLE customers (
    customer_id  TEXT PRIMARY KEY,
    name         TEXT        NOT NULL,
    phone_e164   TEXT        NOT NULL CHECK (phone_e164 ~ '^\+[1-9][0-9]{1,14}$'),
    email        TEXT,
    push_token   TEXT,
    locale       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE merchants (
    merchant_id  TEXT PRIMARY KEY,
    name         TEXT             NOT NULL,
    mcc          CHAR(4)          NOT NULL CHECK (mcc ~ '^[0-9]{4}$'),
    address      TEXT,
    country      CHAR(2)          NOT NULL,
    lat          DOUBLE PRECISION CHECK (lat BETWEEN -90 AND 90),
    lon          DOUBLE PRECISION CHECK (lon BETWEEN -180 AND 180),
    accuracy_km  DOUBLE PRECISION CHECK (accuracy_km >= 0),
    created_at   TIMESTAMPTZ      NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CHECK ((lat IS NULL) = (lon IS NULL))
);

CREATE TABLE cards (
    card_token    TEXT PRIMARY KEY,
    key_id        TEXT        NOT NULL,
    bin           CHAR(6)     NOT NULL,
    last_four     CHAR(4)     NOT NULL,
    brand         TEXT        NOT NULL,
    card_type     TEXT        NOT NULL CHECK (card_type IN ('DEBIT', 'CREDIT', 'PREPAID')),
    product_code  TEXT,
    expiry_month  SMALLINT    NOT NULL CHECK (expiry_month BETWEEN 1 AND 12),
    expiry_year   SMALLINT    NOT NULL,
    customer_id   TEXT        NOT NULL REFERENCES customers (customer_id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX cards_customer_idx ON cards (customer_id);

-- Stripe-style idempotency: one row per (authenticated client, Idempotency-Key), 24 h.
CREATE TABLE idempotency_records (
    client_id        TEXT        NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    fingerprint      CHAR(64)    NOT NULL,
    state            TEXT        NOT NULL CHECK (state IN ('IN_FLIGHT', 'COMPLETED')),
    payment_id       UUID        NOT NULL,
    response_status  SMALLINT,
    response_body    TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (client_id, idempotency_key)
);
CREATE INDEX idempotency_records_expiry_idx ON idempotency_records (expires_at);

-- Status view: one row per accepted payment, advanced by payment.decided.v1 (highest sequence wins).
-- A decision may arrive before the intake row is written, so intake columns are nullable.
CREATE TABLE payments (
    payment_id       UUID PRIMARY KEY,
    client_id        TEXT        NOT NULL,
    merchant_id      TEXT        NOT NULL,
    idempotency_key  TEXT,
    terminal_id      TEXT,
    channel          TEXT,
    card_token       TEXT,
    card_bin         CHAR(6),
    card_last_four   CHAR(4),
    card_brand       TEXT,
    amount_minor     BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency         CHAR(3)     NOT NULL,
    occurred_at      TIMESTAMPTZ,
    occurred_offset  TEXT,
    status           TEXT        NOT NULL,
    sequence         BIGINT      NOT NULL DEFAULT 0,
    reason_codes     TEXT[]      NOT NULL DEFAULT '{}',
    received_at      TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX payments_client_key_idx ON payments (client_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Documented read-only view for verification-api and notification-service (docs/api.md).
CREATE VIEW customer_contacts AS
SELECT customer_id, name, phone_e164, email, push_token, locale
FROM customers;
