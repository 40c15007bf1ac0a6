-- The durable event outbox (see org.openward.platform.api.events).
--
-- A module's transaction inserts its events here without a position. Once the transaction has
-- committed, the dispatcher's sequencer gives them positions, in the order it sees them, under
-- the lock of platform_event_sequencer. An event therefore gets its position only after it is
-- visible: a consumer that has read up to position N can never later meet an event below N
-- (which plain sequence numbers, taken before the commit, would allow). Events of one
-- transaction keep the order they were written in (entry_id).
--
-- Each consumer's cursor is the position of the last event it took into account; its work and
-- the cursor's advance commit in one transaction. Expand only.

CREATE TABLE platform_event (
    entry_id      BIGINT        NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      VARCHAR(36)   NOT NULL UNIQUE,
    position      BIGINT,
    event_type    VARCHAR(128)  NOT NULL,
    source_module VARCHAR(64)   NOT NULL,
    patient_id    VARCHAR(64),
    subject       VARCHAR(128),
    occurred_at   TIMESTAMP     NOT NULL,
    data          VARCHAR(4000) NOT NULL
);

CREATE INDEX platform_event_position ON platform_event (position);
CREATE INDEX platform_event_type ON platform_event (event_type, position);

CREATE TABLE platform_event_sequencer (
    sequencer_id  INT     NOT NULL PRIMARY KEY,
    last_position BIGINT  NOT NULL
);

INSERT INTO platform_event_sequencer (sequencer_id, last_position) VALUES (1, 0);

CREATE TABLE platform_event_cursor (
    consumer      VARCHAR(128)  NOT NULL PRIMARY KEY,
    event_types   VARCHAR(1000) NOT NULL,
    position      BIGINT        NOT NULL,
    processed     BIGINT        NOT NULL,
    failures      INT           NOT NULL,
    last_error    VARCHAR(1000),
    updated_at    TIMESTAMP     NOT NULL
);
