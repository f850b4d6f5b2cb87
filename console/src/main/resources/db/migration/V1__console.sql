-- The console's schema, version 1. One script for SQLite and PostgreSQL: only types and syntax
-- both understand (VARCHAR/TEXT/BIGINT/INTEGER/BOOLEAN, ON CONFLICT, no auto-increment).
-- Times are epoch milliseconds (BIGINT, UTC). Ids are UUID strings made by the console or agent.
-- docs/console.md describes each table.

-- Policy signing keys. The private half lives in a file in the data directory (owner-only); the
-- database knows each key's public half so every console node signs for the key an agent pinned.
CREATE TABLE console_key (
    key_id      VARCHAR(64)   NOT NULL PRIMARY KEY,
    public_key  VARCHAR(1024) NOT NULL,
    created_at  BIGINT        NOT NULL,
    is_current  BOOLEAN       NOT NULL,
    retired_at  BIGINT
);

-- Policies: a name and its published versions. Versions are numbered console-wide, so a
-- (policy, version) pair is named by the version alone and an agent moved to another group's
-- policy always sees a version different from the one it enforces.
CREATE TABLE policy (
    name             VARCHAR(200) NOT NULL PRIMARY KEY,
    current_version  BIGINT       NOT NULL,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL
);

CREATE TABLE policy_version (
    version     BIGINT        NOT NULL PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL REFERENCES policy (name),
    document    TEXT          NOT NULL,
    sha256      VARCHAR(64)   NOT NULL,
    created_by  VARCHAR(100)  NOT NULL,
    created_at  BIGINT        NOT NULL,
    comment     VARCHAR(2000)
);
CREATE INDEX policy_version_by_name ON policy_version (name, version);

-- Agent groups (departments, leaving employees): each group enforces one policy.
CREATE TABLE agent_group (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    name_ja      VARCHAR(200) NOT NULL,
    name_en      VARCHAR(200) NOT NULL,
    policy_name  VARCHAR(200) NOT NULL REFERENCES policy (name),
    created_at   BIGINT       NOT NULL
);

CREATE TABLE enrollment_token (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    description  VARCHAR(500),
    group_id     VARCHAR(64)  NOT NULL REFERENCES agent_group (id),
    max_uses     INTEGER      NOT NULL,
    uses         INTEGER      NOT NULL,
    expires_at   BIGINT       NOT NULL,
    created_by   VARCHAR(100) NOT NULL,
    created_at   BIGINT       NOT NULL,
    revoked_at   BIGINT
);

CREATE TABLE agent (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    secret_hash     VARCHAR(64)  NOT NULL,
    hostname        VARCHAR(255) NOT NULL,
    os              VARCHAR(16)  NOT NULL,
    os_version      VARCHAR(128),
    agent_version   VARCHAR(64)  NOT NULL,
    group_id        VARCHAR(64)  NOT NULL REFERENCES agent_group (id),
    key_id          VARCHAR(64)  NOT NULL REFERENCES console_key (key_id),
    token_id        VARCHAR(36)  NOT NULL,
    enrolled_at     BIGINT       NOT NULL,
    last_seen_at    BIGINT,
    status          VARCHAR(16),
    policy_version  BIGINT       NOT NULL,
    queue_length    BIGINT       NOT NULL,
    dropped_events  BIGINT       NOT NULL,
    patch           TEXT,
    revoked_at      BIGINT
);
CREATE INDEX agent_by_group ON agent (group_id);
CREATE INDEX agent_by_hostname ON agent (hostname);

-- Commands for agents, delivered with every heartbeat until the agent reports a result.
CREATE TABLE agent_command (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    agent_id            VARCHAR(36)   NOT NULL REFERENCES agent (id),
    type                VARCHAR(32)   NOT NULL,
    body                TEXT          NOT NULL,
    created_by          VARCHAR(100)  NOT NULL,
    created_at          BIGINT        NOT NULL,
    first_delivered_at  BIGINT,
    completed_at        BIGINT,
    outcome             VARCHAR(16),
    detail              VARCHAR(4000)
);
CREATE INDEX agent_command_pending ON agent_command (agent_id, completed_at, created_at);

-- The operation log as delivered by agents. The whole event is kept as JSON; the columns are
-- what the console searches on. Inserted with ON CONFLICT (event_id) DO NOTHING: at-least-once
-- delivery, stored once.
CREATE TABLE event (
    event_id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    agent_id           VARCHAR(36)   NOT NULL,
    occurred_at        BIGINT        NOT NULL,
    received_at        BIGINT        NOT NULL,
    kind               VARCHAR(32)   NOT NULL,
    host               VARCHAR(255),
    user_name          VARCHAR(255),
    program            VARCHAR(1024),
    device_class       VARCHAR(32),
    device_vendor_id   VARCHAR(4),
    device_product_id  VARCHAR(4),
    device_serial      VARCHAR(255),
    file_path          VARCHAR(4096),
    file_sha256        VARCHAR(64),
    file_size          BIGINT,
    inspection         VARCHAR(16),
    action             VARCHAR(16),
    people             INTEGER,
    reportable         VARCHAR(100),
    document           TEXT          NOT NULL
);
CREATE INDEX event_by_time ON event (occurred_at, event_id);
CREATE INDEX event_by_agent ON event (agent_id, occurred_at);
CREATE INDEX event_by_user ON event (user_name, occurred_at);
CREATE INDEX event_by_host ON event (host, occurred_at);
CREATE INDEX event_by_action ON event (action, occurred_at);

CREATE TABLE event_finding (
    event_id    VARCHAR(36)  NOT NULL REFERENCES event (event_id),
    type        VARCHAR(100) NOT NULL,
    confidence  VARCHAR(8)   NOT NULL,
    count       INTEGER      NOT NULL,
    PRIMARY KEY (event_id, type, confidence)
);
CREATE INDEX event_finding_by_type ON event_finding (type, event_id);

-- Blocked copies awaiting an administrator's decision, and what became of them.
CREATE TABLE review_item (
    event_id    VARCHAR(36)   NOT NULL PRIMARY KEY REFERENCES event (event_id),
    agent_id    VARCHAR(36)   NOT NULL,
    created_at  BIGINT        NOT NULL,
    state       VARCHAR(20)   NOT NULL,
    decided_by  VARCHAR(100),
    decided_at  BIGINT,
    comment     VARCHAR(2000),
    command_id  VARCHAR(36)
);
CREATE INDEX review_item_by_state ON review_item (state, created_at);

CREATE TABLE exception_grant (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    agent_id    VARCHAR(36)   NOT NULL REFERENCES agent (id),
    scope       VARCHAR(8)    NOT NULL,
    document    TEXT          NOT NULL,
    expires_at  BIGINT        NOT NULL,
    created_by  VARCHAR(100)  NOT NULL,
    created_at  BIGINT        NOT NULL,
    event_id    VARCHAR(36),
    revoked_at  BIGINT,
    revoked_by  VARCHAR(100)
);
CREATE INDEX exception_grant_by_agent ON exception_grant (agent_id, expires_at);

-- People who sign in to the console.
CREATE TABLE account (
    id                        VARCHAR(36)   NOT NULL PRIMARY KEY,
    username                  VARCHAR(64)   NOT NULL UNIQUE,
    display_name              VARCHAR(200),
    role                      VARCHAR(16)   NOT NULL,
    password_hash             VARCHAR(255)  NOT NULL,
    password_change_required  BOOLEAN       NOT NULL,
    totp_secret               VARCHAR(255),
    totp_pending_secret       VARCHAR(255),
    totp_last_step            BIGINT        NOT NULL,
    failed_logins             INTEGER       NOT NULL,
    locked_until              BIGINT,
    created_at                BIGINT        NOT NULL,
    disabled_at               BIGINT
);

CREATE TABLE recovery_code (
    account_id  VARCHAR(36)  NOT NULL REFERENCES account (id),
    code_hash   VARCHAR(64)  NOT NULL,
    used_at     BIGINT,
    PRIMARY KEY (account_id, code_hash)
);

-- Browser sessions: only a hash of the cookie value is stored.
CREATE TABLE login_session (
    id_hash       VARCHAR(64)  NOT NULL PRIMARY KEY,
    account_id    VARCHAR(36)  NOT NULL REFERENCES account (id),
    stage         VARCHAR(20)  NOT NULL,
    csrf_token    VARCHAR(64)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    last_seen_at  BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    client        VARCHAR(100)
);
CREATE INDEX login_session_by_account ON login_session (account_id);

-- Every administrator action, append-only.
CREATE TABLE audit_entry (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    at           BIGINT        NOT NULL,
    actor        VARCHAR(100)  NOT NULL,
    action       VARCHAR(64)   NOT NULL,
    target_type  VARCHAR(32),
    target_id    VARCHAR(255),
    detail       TEXT,
    client       VARCHAR(100)
);
CREATE INDEX audit_entry_by_time ON audit_entry (at, id);
