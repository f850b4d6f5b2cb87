-- Alerts pushed to people (issue 23): rules an administrator sets, each alert they raised (kept:
-- the audit trail of what was sent, and of what a rate limit held back), and each delivery of an
-- alert by e-mail or webhook, retried with back-off from what is stored here, so a console restart
-- loses none. A webhook's signing secret is kept sealed with the console's data key (SecretBox).
CREATE TABLE alert_rule (
    id              VARCHAR(64)   NOT NULL PRIMARY KEY,
    kind            VARCHAR(32)   NOT NULL,
    enabled         INTEGER       NOT NULL,
    settings        TEXT          NOT NULL,
    emails          TEXT          NOT NULL,
    webhook_url     VARCHAR(2048),
    webhook_secret  TEXT,
    max_per_hour    INTEGER       NOT NULL,
    updated_by      VARCHAR(100)  NOT NULL,
    updated_at      BIGINT        NOT NULL
);

CREATE TABLE alert (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    rule_id     VARCHAR(64)   NOT NULL,
    kind        VARCHAR(32)   NOT NULL,
    dedup_key   VARCHAR(512)  NOT NULL UNIQUE,
    agent_id    VARCHAR(36),
    host        VARCHAR(255),
    user_name   VARCHAR(255),
    raised_at   BIGINT        NOT NULL,
    state       VARCHAR(16)   NOT NULL,
    facts       TEXT          NOT NULL
);
CREATE INDEX alert_by_rule ON alert (rule_id, raised_at);
CREATE INDEX alert_by_time ON alert (raised_at);

CREATE TABLE alert_delivery (
    alert_id         VARCHAR(36)   NOT NULL REFERENCES alert (id),
    channel          VARCHAR(16)   NOT NULL,
    target           VARCHAR(2048) NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  BIGINT        NOT NULL,
    last_error       VARCHAR(1000),
    sent_at          BIGINT,
    PRIMARY KEY (alert_id, channel, target)
);
CREATE INDEX alert_delivery_due ON alert_delivery (state, next_attempt_at);

-- how far the rules have read the events (received_at, milliseconds)
CREATE TABLE alert_cursor (
    id           INTEGER  NOT NULL PRIMARY KEY,
    received_to  BIGINT   NOT NULL
);
