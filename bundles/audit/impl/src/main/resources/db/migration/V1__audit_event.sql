-- The audit trail. Append-only: the application never updates or deletes a row of
-- audit_event, audit_chain or audit_checkpoint (on PostgreSQL the runtime role may only INSERT
-- and SELECT there).
--
-- Tamper evidence (see docs/security.md):
-- * every record is sealed as it is written: row_seal is an HMAC-SHA256, with the site's audit
--   key, over its id and content, so nobody without the key can alter or forge a record;
-- * moments after it commits, the chainer links the record into a hash chain (audit_chain):
--   each entry carries the hash of the previous entry and of the record's content, so that a
--   deleted, inserted or reordered record breaks the chain;
-- * every 100 entries a checkpoint signs the chain's hash (Ed25519), and the chain's head is
--   also written to a file outside the database, so that a cut-off tail shows.
-- Writers do not wait for each other: a record is queued in audit_pending in the writer's
-- transaction, and the chainer takes it off the queue when it links it.

CREATE SEQUENCE audit_event_seq AS BIGINT START WITH 1;

CREATE TABLE audit_event (
    event_id       BIGINT        NOT NULL PRIMARY KEY,
    recorded_at    TIMESTAMP     NOT NULL,
    audit_action   VARCHAR(32)   NOT NULL,
    outcome        VARCHAR(16)   NOT NULL,
    actor          VARCHAR(128)  NOT NULL,
    channel        VARCHAR(16)   NOT NULL,
    source_address VARCHAR(64)   NOT NULL,
    request_id     VARCHAR(64)   NOT NULL,
    patient_id     VARCHAR(64),
    resource_type  VARCHAR(64),
    resource_id    VARCHAR(64),
    detail         VARCHAR(2000),
    row_seal       CHAR(64)      NOT NULL
);

CREATE INDEX audit_event_patient ON audit_event (patient_id, event_id);
CREATE INDEX audit_event_actor ON audit_event (actor, event_id);
CREATE INDEX audit_event_time ON audit_event (recorded_at);

CREATE TABLE audit_pending (
    event_id BIGINT NOT NULL PRIMARY KEY
);

CREATE TABLE audit_chain (
    seq        BIGINT    NOT NULL PRIMARY KEY,
    event_id   BIGINT    NOT NULL,
    chained_at TIMESTAMP NOT NULL,
    prev_hash  CHAR(64)  NOT NULL,
    entry_hash CHAR(64)  NOT NULL,
    CONSTRAINT audit_chain_event UNIQUE (event_id)
);

CREATE TABLE audit_checkpoint (
    seq        BIGINT       NOT NULL PRIMARY KEY,
    entry_hash CHAR(64)     NOT NULL,
    signed_at  TIMESTAMP    NOT NULL,
    signature  VARCHAR(128) NOT NULL
);
