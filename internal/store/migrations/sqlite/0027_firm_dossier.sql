-- The firm's dossier (issue 16 item 7) reads a firm's declarations by
-- its USCC, as consignor or consignee. SQLite version;
-- postgres/0027_firm_dossier.sql is its twin.
CREATE INDEX declarations_consignor ON declarations (consignor_uscc, screened_at);
CREATE INDEX declarations_consignee ON declarations (consignee_uscc, screened_at);
