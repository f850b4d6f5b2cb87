-- Throttling of failed sign-ins (docs/console.md, "Signing in"): failures counted per client address,
-- per unknown user name, and per trusted browser, each with a growing delay. A known user's failures
-- from browsers it has not signed in from are counted in account.failed_logins / locked_until.
CREATE TABLE signin_throttle (
    throttle_key   VARCHAR(200)  NOT NULL PRIMARY KEY,
    failures       INTEGER       NOT NULL,
    blocked_until  BIGINT,
    updated_at     BIGINT        NOT NULL
);

-- Browsers a person has signed in from (the mamori_device cookie; only its hash is stored): their
-- sign-ins are not held up by failures from anywhere else.
CREATE TABLE trusted_device (
    id_hash       VARCHAR(64)  NOT NULL PRIMARY KEY,
    account_id    VARCHAR(36)  NOT NULL REFERENCES account (id),
    created_at    BIGINT       NOT NULL,
    last_used_at  BIGINT       NOT NULL
);
CREATE INDEX trusted_device_by_account ON trusted_device (account_id);
