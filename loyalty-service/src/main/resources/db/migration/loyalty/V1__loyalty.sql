-- loyalty-service: visits per (customer, merchant), VIP memberships, merchant policies, outbox.

-- One row per payment id ever seen by either topic's request: the durable record of a visit.
CREATE TABLE visits (
    payment_id   text PRIMARY KEY,
    customer_id  text        NOT NULL,
    merchant_id  text        NOT NULL,
    card_token   text        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    state        text        NOT NULL CHECK (state IN ('COUNTED', 'TAKEN_BACK', 'NOT_COUNTED')),
    event_id     text        NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    changed_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX visits_pair_counted ON visits (customer_id, merchant_id, occurred_at)
    WHERE state = 'COUNTED';

-- Declines (DENIED / EXPIRED) by payment id, whether they arrived before or after the request:
-- the tombstone that keeps a late request from counting, and the dedup record of the decision.
CREATE TABLE compensations (
    payment_id   text PRIMARY KEY,
    status       text        NOT NULL CHECK (status IN ('DENIED', 'EXPIRED')),
    event_id     text        NOT NULL,
    decided_at   timestamptz,
    outcome      text        NOT NULL CHECK (outcome IN ('TAKE_BACK', 'REMEMBER', 'NONE')),
    recorded_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Counted visits per pair (sum of visits in state COUNTED), kept in the same transaction.
CREATE TABLE visit_counters (
    customer_id     text        NOT NULL,
    merchant_id     text        NOT NULL,
    visits          integer     NOT NULL CHECK (visits >= 0),
    first_visit_at  timestamptz,
    last_visit_at   timestamptz,
    vip             boolean     NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (customer_id, merchant_id)
);
CREATE INDEX visit_counters_regulars ON visit_counters (merchant_id, visits DESC, last_visit_at DESC);

-- VIP at a merchant: granted once, never revoked.
CREATE TABLE memberships (
    membership_id       uuid        NOT NULL UNIQUE,
    customer_id         text        NOT NULL,
    merchant_id         text        NOT NULL,
    granted_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    crossing_payment_id text        NOT NULL REFERENCES visits (payment_id),
    visits_at_grant     integer     NOT NULL,
    threshold           integer     NOT NULL,
    benefit             text        NOT NULL DEFAULT '',
    PRIMARY KEY (customer_id, merchant_id)
);

-- A merchant's policy; a merchant without a row gets the configured default.
CREATE TABLE policies (
    merchant_id  text PRIMARY KEY,
    threshold    integer     NOT NULL CHECK (threshold >= 1),
    window_days  integer     CHECK (window_days IS NULL OR window_days >= 1),
    benefit      text        NOT NULL DEFAULT '',
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_by   text
);

-- Events to publish, written in the transaction of the fact they report.
CREATE TABLE outbox (
    id            bigserial PRIMARY KEY,
    event_id      text        NOT NULL UNIQUE,
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    subject       text,
    event_time    timestamptz NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
