-- Seed benefit catalog: fictional issuers and products covering the common ISO 18245 MCC groups
-- and every brand / funding type in the replay data (Visa, Mastercard, Amex, Discover; debit,
-- credit, prepaid). Amounts in USD minor units; points products value a point in 1/1000 cent.

INSERT INTO mcc_groups (code, name, position) VALUES
  ('grocery', 'Grocery', 1),
  ('fuel', 'Fuel', 2),
  ('dining', 'Dining', 3),
  ('travel', 'Travel', 4),
  ('online-marketplace', 'Online marketplaces and department stores', 5),
  ('drugstore', 'Drugstores', 6),
  ('transit', 'Transit and tolls', 7),
  ('auto', 'Car service', 8),
  ('entertainment', 'Entertainment and streaming', 9),
  ('utilities', 'Utilities and telecom', 10),
  ('home', 'Home improvement', 11);

INSERT INTO mcc_group_ranges (group_code, mcc_from, mcc_to) VALUES
  ('grocery', 5411, 5411), ('grocery', 5422, 5422), ('grocery', 5441, 5441),
  ('grocery', 5451, 5451), ('grocery', 5499, 5499),
  ('fuel', 5541, 5542), ('fuel', 5983, 5983),
  ('dining', 5812, 5814),
  ('travel', 3000, 3299), ('travel', 3351, 3441), ('travel', 3501, 3999),
  ('travel', 4411, 4411), ('travel', 4511, 4511), ('travel', 4722, 4722),
  ('travel', 7011, 7011), ('travel', 7512, 7512),
  ('online-marketplace', 5262, 5262), ('online-marketplace', 5300, 5300),
  ('online-marketplace', 5310, 5311), ('online-marketplace', 5399, 5399),
  ('online-marketplace', 5964, 5964),
  ('drugstore', 5912, 5912),
  ('transit', 4111, 4112), ('transit', 4121, 4121), ('transit', 4131, 4131),
  ('transit', 4784, 4784), ('transit', 7523, 7523),
  ('auto', 5533, 5533), ('auto', 7538, 7538), ('auto', 7542, 7542),
  ('entertainment', 4899, 4899), ('entertainment', 5815, 5816), ('entertainment', 7832, 7832),
  ('entertainment', 7841, 7841), ('entertainment', 7922, 7922), ('entertainment', 7996, 7996),
  ('utilities', 4814, 4814), ('utilities', 4900, 4900),
  ('home', 5200, 5200), ('home', 5211, 5211), ('home', 5251, 5251);

INSERT INTO card_products
  (code, issuer, name, brand, card_type, reward_kind, point_value_milli, currency, annual_fee_minor, publicly_offered)
VALUES
  ('NORTHWIND-GROCER-CASH', 'Northwind Bank', 'Northwind Grocer Cash', 'Visa', 'CREDIT', 'CASHBACK', 1000, 'USD', 0, true),
  ('NORTHWIND-VISA-CLASSIC', 'Northwind Bank', 'Northwind Classic', 'Visa', 'CREDIT', 'CASHBACK', 1000, 'USD', 0, false),
  ('NORTHWIND-EVERYDAY-DEBIT', 'Northwind Bank', 'Northwind Everyday Debit', 'Visa', 'DEBIT', 'CASHBACK', 1000, 'USD', 0, false),
  ('FABRIKAM-VISA-PREPAID', 'Fabrikam Money', 'Fabrikam Visa Prepaid', 'Visa', 'PREPAID', 'CASHBACK', 1000, 'USD', 0, false),
  ('HARBOR-DOUBLE-CASH', 'Harbor Trust', 'Harbor Double Cash', 'Visa', 'CREDIT', 'CASHBACK', 1000, 'USD', 0, true),
  ('CONTOSO-ROAD-CASH', 'Contoso Credit Union', 'Contoso Road Cash', 'Mastercard', 'CREDIT', 'CASHBACK', 1000, 'USD', 0, true),
  ('CONTOSO-DEBIT-REWARDS', 'Contoso Credit Union', 'Contoso Debit Rewards', 'Mastercard', 'DEBIT', 'CASHBACK', 1000, 'USD', 0, false),
  ('FABRIKAM-MC-PREPAID', 'Fabrikam Money', 'Fabrikam Mastercard Prepaid', 'Mastercard', 'PREPAID', 'CASHBACK', 1000, 'USD', 0, false),
  ('SKYWAY-MILES', 'Skyway Financial', 'Skyway Miles', 'Amex', 'CREDIT', 'POINTS', 1250, 'USD', 9500, true),
  ('TABLEAU-DINING', 'Tableau Card Services', 'Tableau Dining Rewards', 'Amex', 'CREDIT', 'POINTS', 1000, 'USD', 25000, true),
  ('SKYWAY-AMEX-PREPAID', 'Skyway Financial', 'Skyway Prepaid', 'Amex', 'PREPAID', 'CASHBACK', 1000, 'USD', 0, false),
  ('ORBIT-ROTATING-5', 'Orbit Bank', 'Orbit Rotating 5', 'Discover', 'CREDIT', 'CASHBACK', 1000, 'USD', 0, true),
  ('ORBIT-DEBIT', 'Orbit Bank', 'Orbit Cashback Debit', 'Discover', 'DEBIT', 'CASHBACK', 1000, 'USD', 0, false);

INSERT INTO benefit_rules
  (product_code, mcc, mcc_group, rate_bp, fixed_units, monthly_cap_units, min_spend_minor, valid_from, valid_to, description)
VALUES
  ('NORTHWIND-GROCER-CASH', NULL, 'grocery', 500, NULL, 1500, NULL, NULL, NULL, '5% back at grocery stores, up to 15.00 a month'),
  ('NORTHWIND-GROCER-CASH', NULL, 'drugstore', 300, NULL, 1000, NULL, NULL, NULL, '3% back at drugstores, up to 10.00 a month'),
  ('NORTHWIND-GROCER-CASH', NULL, NULL, 100, NULL, NULL, NULL, NULL, NULL, '1% back on everything else'),
  ('NORTHWIND-VISA-CLASSIC', NULL, 'dining', 200, NULL, NULL, NULL, NULL, NULL, '2% back on dining'),
  ('NORTHWIND-VISA-CLASSIC', NULL, NULL, 100, NULL, NULL, NULL, NULL, NULL, '1% back on everything'),
  ('NORTHWIND-EVERYDAY-DEBIT', NULL, 'grocery', 100, NULL, 500, NULL, NULL, NULL, '1% back at grocery, up to 5.00 a month'),
  ('NORTHWIND-EVERYDAY-DEBIT', NULL, NULL, 25, NULL, NULL, NULL, NULL, NULL, '0.25% back on everything else'),
  ('FABRIKAM-VISA-PREPAID', NULL, 'online-marketplace', 100, NULL, 300, NULL, NULL, NULL, '1% back at online marketplaces, up to 3.00 a month'),
  ('HARBOR-DOUBLE-CASH', NULL, NULL, 200, NULL, NULL, NULL, NULL, NULL, '2% back on everything'),
  ('CONTOSO-ROAD-CASH', NULL, 'fuel', 400, NULL, 2000, NULL, NULL, NULL, '4% back on fuel, up to 20.00 a month'),
  ('CONTOSO-ROAD-CASH', NULL, 'transit', 300, NULL, NULL, NULL, NULL, NULL, '3% back on transit and tolls'),
  ('CONTOSO-ROAD-CASH', NULL, 'auto', 300, NULL, NULL, 2500, NULL, NULL, '3% back on car service from 25.00'),
  ('CONTOSO-ROAD-CASH', NULL, NULL, 100, NULL, NULL, NULL, NULL, NULL, '1% back on everything else'),
  ('CONTOSO-DEBIT-REWARDS', NULL, 'dining', 100, NULL, NULL, NULL, NULL, NULL, '1% back on dining'),
  ('CONTOSO-DEBIT-REWARDS', '5814', NULL, NULL, 25, 500, 500, NULL, NULL, '0.25 back per fast-food payment from 5.00, up to 5.00 a month'),
  ('CONTOSO-DEBIT-REWARDS', NULL, NULL, 20, NULL, NULL, NULL, NULL, NULL, '0.2% back on everything else'),
  ('FABRIKAM-MC-PREPAID', NULL, 'utilities', 150, NULL, 500, NULL, NULL, NULL, '1.5% back on utilities and phone, up to 5.00 a month'),
  ('SKYWAY-MILES', NULL, 'travel', 500, NULL, NULL, NULL, NULL, NULL, '5 points per dollar on travel'),
  ('SKYWAY-MILES', NULL, 'dining', 200, NULL, NULL, NULL, NULL, NULL, '2 points per dollar on dining'),
  ('SKYWAY-MILES', NULL, NULL, 100, NULL, NULL, NULL, NULL, NULL, '1 point per dollar on everything else'),
  ('TABLEAU-DINING', NULL, 'dining', 400, NULL, NULL, NULL, NULL, NULL, '4 points per dollar on dining'),
  ('TABLEAU-DINING', NULL, 'grocery', 400, NULL, 200000, NULL, NULL, NULL, '4 points per dollar at grocery, up to 2,000 points a month'),
  ('TABLEAU-DINING', NULL, 'entertainment', 300, NULL, NULL, NULL, NULL, NULL, '3 points per dollar on entertainment'),
  ('TABLEAU-DINING', NULL, NULL, 100, NULL, NULL, NULL, NULL, NULL, '1 point per dollar on everything else'),
  ('SKYWAY-AMEX-PREPAID', NULL, NULL, 50, NULL, NULL, NULL, NULL, NULL, '0.5% back on everything'),
  ('ORBIT-ROTATING-5', NULL, 'online-marketplace', 500, NULL, 7500, NULL, '2026-10-01', '2026-12-31', '5% at online marketplaces in Q4 2026, up to 75.00 a month'),
  ('ORBIT-ROTATING-5', NULL, 'grocery', 500, NULL, 7500, NULL, '2027-01-01', '2027-03-31', '5% at grocery stores in Q1 2027, up to 75.00 a month'),
  ('ORBIT-ROTATING-5', NULL, NULL, 100, NULL, NULL, NULL, NULL, NULL, '1% back on everything'),
  ('ORBIT-DEBIT', NULL, NULL, 50, NULL, NULL, NULL, NULL, NULL, '0.5% back on everything');

INSERT INTO product_mappings (registry_product_code, brand, card_type, product_code) VALUES
  ('VISA-PLAT-CASHBACK', NULL, NULL, 'NORTHWIND-GROCER-CASH'),
  ('VISA-PLAT', NULL, NULL, 'NORTHWIND-VISA-CLASSIC'),
  ('MC-WORLD-ROAD', NULL, NULL, 'CONTOSO-ROAD-CASH'),
  ('AMEX-GOLD', NULL, NULL, 'TABLEAU-DINING'),
  (NULL, 'Visa', 'CREDIT', 'NORTHWIND-VISA-CLASSIC'),
  (NULL, 'Visa', 'DEBIT', 'NORTHWIND-EVERYDAY-DEBIT'),
  (NULL, 'Visa', 'PREPAID', 'FABRIKAM-VISA-PREPAID'),
  (NULL, 'Mastercard', 'CREDIT', 'CONTOSO-ROAD-CASH'),
  (NULL, 'Mastercard', 'DEBIT', 'CONTOSO-DEBIT-REWARDS'),
  (NULL, 'Mastercard', 'PREPAID', 'FABRIKAM-MC-PREPAID'),
  (NULL, 'Amex', 'CREDIT', 'SKYWAY-MILES'),
  (NULL, 'Amex', 'PREPAID', 'SKYWAY-AMEX-PREPAID'),
  (NULL, 'Discover', 'CREDIT', 'ORBIT-ROTATING-5'),
  (NULL, 'Discover', 'DEBIT', 'ORBIT-DEBIT');
