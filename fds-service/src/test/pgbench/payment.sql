\set n random(1, 1000000000)
\set card random(1, 10000)
BEGIN;
INSERT INTO ledger.processed_events (event_id) VALUES ('ev-' || :client_id || '-' || :n || '-' || txid_current()) ON CONFLICT DO NOTHING;
INSERT INTO ledger.transactions (payment_id, card_token, customer_id, client_id, merchant_id, merchant_name, channel, amount_minor, currency, location, occurred_at, status, last_sequence, reason_codes, travel)
  VALUES ('p-' || txid_current(), 'bench-card-' || :card, 'cust-1', 'pos-client-1', 'm-1', 'Corner Shop', 'POS', 1000, 'USD', '{"lat":37.5636,"lon":126.9827,"accuracyKm":0.05,"country":"KR"}', now(), 'COMPLETED', 2, '{}', '{"distanceKm":0.0,"speedKmh":0.0,"gapSeconds":3600,"fromCountry":"KR","toCountry":"KR"}');
INSERT INTO ledger.payment_events (payment_id, sequence, status, reason_codes, data) VALUES
  ('p-' || txid_current(), 0, 'RECEIVED', '{}', '{"paymentId":"x","clientId":"pos-client-1","terminalId":"T-0001","channel":"POS","card":{"token":"bench","bin":"424242","lastFour":"4242","brand":"Visa","type":"CREDIT","productCode":"VISA-PLAT"},"customerId":"cust-1","merchant":{"id":"m-1","name":"Corner Shop","mcc":"5411","country":"KR"},"amountMinor":1000,"currency":"USD","location":{"lat":37.5636,"lon":126.9827,"accuracyKm":0.05,"country":"KR"},"occurredAt":"2026-11-21T09:00:00+09:00","receivedAt":"2026-11-21T00:00:01Z"}'),
  ('p-' || txid_current(), 1, 'APPROVED', '{}', '{}'),
  ('p-' || txid_current(), 2, 'COMPLETED', '{}', '{}');
INSERT INTO ledger.card_profiles (card_token, status, located, recent, version) VALUES ('bench-card-' || :card, 'ACTIVE', '[{"paymentId":"x","occurredAt":"2026-11-21T00:00:00Z","location":{"lat":37.5636,"lon":126.9827,"accuracyKm":0.05,"country":"KR"}}]', '[{"paymentId":"x","occurredAt":"2026-11-21T00:00:00Z","amountMinor":1000,"currency":"USD"}]', 0)
  ON CONFLICT (card_token) DO UPDATE SET located = EXCLUDED.located, recent = EXCLUDED.recent, version = ledger.card_profiles.version + 1, updated_at = now();
INSERT INTO ledger.outbox (event_id, topic, message_key, event_type, subject, event_time, payload) VALUES
  ('p-' || txid_current() || ':1', 'payment-decisions', 'bench-card-' || :card, 'payment.decided.v1', 'x', now(), '{"paymentId":"x","sequence":1,"status":"APPROVED","cardToken":"bench","customerId":"cust-1","merchantId":"m-1","clientId":"pos-client-1","amountMinor":1000,"currency":"USD","reasonCodes":[],"travel":null,"occurredAt":"2026-11-21T09:00:00+09:00","decidedAt":"2026-11-21T00:00:02Z"}'),
  ('p-' || txid_current() || ':2', 'payment-decisions', 'bench-card-' || :card, 'payment.decided.v1', 'x', now(), '{"paymentId":"x","sequence":2,"status":"COMPLETED","cardToken":"bench","customerId":"cust-1","merchantId":"m-1","clientId":"pos-client-1","amountMinor":1000,"currency":"USD","reasonCodes":[],"travel":null,"occurredAt":"2026-11-21T09:00:00+09:00","decidedAt":"2026-11-21T00:00:02Z"}');
COMMIT;
