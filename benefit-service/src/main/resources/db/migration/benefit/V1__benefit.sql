-- benefit-service schema: benefit catalog, per-customer card list, benefit usage, tips, outbox.
-- Money is bigint minor units of the row's ISO 4217 currency; reward units are minor units (cash
-- back) or points (points products).

CREATE TABLE mcc_groups (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  position    int  NOT NULL
);

CREATE TABLE mcc_group_ranges (
  group_code  text NOT NULL REFERENCES mcc_groups (code) ON DELETE CASCADE,
  mcc_from    int  NOT NULL CHECK (mcc_from BETWEEN 0 AND 9999),
  mcc_to      int  NOT NULL CHECK (mcc_to BETWEEN 0 AND 9999),
  PRIMARY KEY (group_code, mcc_from),
  CHECK (mcc_to >= mcc_from)
);

CREATE TABLE card_products (
  code               text PRIMARY KEY,
  issuer             text    NOT NULL,
  name               text    NOT NULL,
  brand              text    NOT NULL,
  card_type          text    NOT NULL CHECK (card_type IN ('DEBIT', 'CREDIT', 'PREPAID')),
  reward_kind        text    NOT NULL CHECK (reward_kind IN ('CASHBACK', 'POINTS')),
  -- value of one reward unit in thousandths of a minor unit (1000 for cash back)
  point_value_milli  bigint  NOT NULL CHECK (point_value_milli >= 0),
  currency           char(3) NOT NULL,
  annual_fee_minor   bigint  NOT NULL DEFAULT 0 CHECK (annual_fee_minor >= 0),
  publicly_offered   boolean NOT NULL DEFAULT true,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (reward_kind = 'POINTS' OR point_value_milli = 1000)
);

CREATE TABLE benefit_rules (
  id                 bigserial PRIMARY KEY,
  product_code       text NOT NULL REFERENCES card_products (code) ON DELETE CASCADE,
  mcc                char(4) CHECK (mcc ~ '^[0-9]{4}$'),
  mcc_group          text REFERENCES mcc_groups (code),
  rate_bp            int    CHECK (rate_bp BETWEEN 0 AND 100000),
  fixed_units        bigint CHECK (fixed_units >= 0),
  monthly_cap_units  bigint CHECK (monthly_cap_units >= 0),
  min_spend_minor    bigint CHECK (min_spend_minor >= 0),
  valid_from         date,
  valid_to           date,
  description        text,
  CHECK ((rate_bp IS NULL) <> (fixed_units IS NULL)),
  CHECK (mcc IS NULL OR mcc_group IS NULL),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX benefit_rules_product ON benefit_rules (product_code);

-- registry card product code -> catalog product; or brand + type -> the default product
CREATE TABLE product_mappings (
  id                     bigserial PRIMARY KEY,
  registry_product_code  text UNIQUE,
  brand                  text,
  card_type              text CHECK (card_type IN ('DEBIT', 'CREDIT', 'PREPAID')),
  product_code           text NOT NULL REFERENCES card_products (code) ON DELETE CASCADE,
  CHECK (registry_product_code IS NOT NULL OR (brand IS NOT NULL AND card_type IS NOT NULL))
);
CREATE UNIQUE INDEX product_mappings_brand_type ON product_mappings (lower(brand), card_type)
  WHERE registry_product_code IS NULL;

-- the cards a customer holds, as far as benefit-service knows: a card is known once it was used
CREATE TABLE customer_cards (
  card_token             text PRIMARY KEY,
  customer_id            text NOT NULL,
  bin                    text,
  last_four              text NOT NULL,
  brand                  text NOT NULL,
  card_type              text NOT NULL,
  registry_product_code  text,
  first_seen_at          timestamptz NOT NULL,
  last_seen_at           timestamptz NOT NULL
);
CREATE INDEX customer_cards_customer ON customer_cards (customer_id);

-- one row per payment seen: the idempotency record of the listener and the summary's source
CREATE TABLE payment_benefits (
  payment_id            text PRIMARY KEY,
  event_id              text NOT NULL,
  customer_id           text NOT NULL,
  card_token            text NOT NULL,
  occurred_at           timestamptz NOT NULL,
  benefit_month         date NOT NULL,
  mcc                   text NOT NULL,
  mcc_group             text,
  amount_minor          bigint NOT NULL,
  currency              char(3) NOT NULL,
  earned_minor          bigint NOT NULL,
  best_held_minor       bigint NOT NULL,
  best_held_card_token  text,
  best_catalog_minor    bigint NOT NULL,
  best_catalog_product  text,
  tip_kind              text NOT NULL,
  no_tip_reason         text NOT NULL,
  processed_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_benefits_customer_month ON payment_benefits (customer_id, benefit_month);

-- reward units paid per card, rule and month, kept per payment id (idempotent)
CREATE TABLE benefit_usage (
  payment_id     text   NOT NULL,
  card_token     text   NOT NULL,
  rule_id        bigint NOT NULL,
  benefit_month  date   NOT NULL,
  units          bigint NOT NULL,
  value_minor    bigint NOT NULL,
  PRIMARY KEY (payment_id, rule_id)
);
CREATE INDEX benefit_usage_card_month ON benefit_usage (card_token, benefit_month);

CREATE TABLE tips (
  tip_id                uuid PRIMARY KEY,
  payment_id            text NOT NULL UNIQUE,
  customer_id           text NOT NULL,
  category_key          text NOT NULL,
  kind                  text NOT NULL CHECK (kind IN ('BETTER_CARD', 'PRODUCT_SUGGESTION')),
  occurred_at           timestamptz NOT NULL,
  suggested_card_token  text,
  suggested_product     text,
  difference_minor      bigint NOT NULL,
  currency              char(3) NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tips_throttle ON tips (customer_id, category_key, occurred_at);

CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  event_id      text NOT NULL UNIQUE,
  topic         text NOT NULL,
  message_key   text NOT NULL,
  event_type    text NOT NULL,
  subject       text,
  event_time    timestamptz NOT NULL,
  payload       jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
