-- Fraud rules as data (docs/services/fds-service.md "Rules"): every saved rule set is a new,
-- never-changed row; the highest version is the one in force. Each insert notifies the channel
-- fraud_rule_sets (delivered at commit) so every replica reloads without a restart.
CREATE TABLE fraud_rule_sets (
    version    bigint      PRIMARY KEY CHECK (version > 0),
    rules      jsonb       NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    reason     text        NOT NULL
);

CREATE FUNCTION fraud_rule_sets_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'fraud_rule_sets is append-only';
END $$;

CREATE TRIGGER fraud_rule_sets_no_update
    BEFORE UPDATE OR DELETE ON fraud_rule_sets
    FOR EACH ROW EXECUTE FUNCTION fraud_rule_sets_append_only();

CREATE FUNCTION fraud_rule_sets_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('fraud_rule_sets', NEW.version::text);
    RETURN NULL;
END $$;

CREATE TRIGGER fraud_rule_sets_inserted
    AFTER INSERT ON fraud_rule_sets
    FOR EACH ROW EXECUTE FUNCTION fraud_rule_sets_notify();

-- The card's habits for the risk features (RiskProfile: merchants, countries, MCC groups, hours).
ALTER TABLE card_profiles ADD COLUMN risk jsonb;

-- The rule set version that decided the payment (0 = the built-in default).
ALTER TABLE transactions ADD COLUMN rule_set_version bigint;
