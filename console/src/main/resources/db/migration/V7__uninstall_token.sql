-- Uninstall tokens (issue 20): one per group, and optionally an agent's own, which overrides its
-- group's. The token is kept sealed with the console's data key (keys/data.key, SecretBox), so
-- administrators can be shown it to hand to IT at removal time and a copy of the database alone
-- does not give it away; its SHA-256 is what agents receive in heartbeat answers.
CREATE TABLE uninstall_token (
    scope       VARCHAR(8)   NOT NULL,
    target_id   VARCHAR(64)  NOT NULL,
    sealed      TEXT         NOT NULL,
    sha256      VARCHAR(64)  NOT NULL,
    created_by  VARCHAR(100) NOT NULL,
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (scope, target_id)
);
