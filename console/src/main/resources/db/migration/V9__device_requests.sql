-- Employees' requests to use a restricted removable device (issue 23): sent by the agent, decided
-- by a reviewer (approved for a period, which grants a DEVICE exception, or denied with a comment).
CREATE TABLE device_request (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    agent_id      VARCHAR(36)   NOT NULL REFERENCES agent (id),
    device        TEXT          NOT NULL,
    user_name     VARCHAR(255)  NOT NULL,
    hours         INTEGER       NOT NULL,
    reason_id     VARCHAR(64)   NOT NULL,
    reason_text   VARCHAR(500),
    requested_at  BIGINT        NOT NULL,
    received_at   BIGINT        NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    decided_by    VARCHAR(100),
    decided_at    BIGINT,
    comment       VARCHAR(2000),
    exception_id  VARCHAR(36)
);
CREATE INDEX device_request_by_state ON device_request (state, received_at);
