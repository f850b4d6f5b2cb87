-- Incidents: a response opened from one or more events, followed through the response steps
-- (検知 → 初動対応 → 調査 → 報告・公表 → 復旧 → 再発防止), with the reviewer's judgements the APPI
-- assessment needs. Same rules as V1: types both SQLite and PostgreSQL understand, times as epoch
-- milliseconds, calendar days (the 起算日 and report dates) as ISO text 'YYYY-MM-DD'.
CREATE TABLE incident (
    id                       VARCHAR(36)   NOT NULL PRIMARY KEY,
    title                    VARCHAR(200)  NOT NULL,
    owner                    VARCHAR(64)   NOT NULL,
    step                     VARCHAR(20)   NOT NULL,
    created_by               VARCHAR(100)  NOT NULL,
    created_at               BIGINT        NOT NULL,
    updated_at               BIGINT        NOT NULL,
    -- whether the data left the company's control: YES, NO or UNKNOWN (the default until judged)
    data_left                VARCHAR(8)    NOT NULL,
    -- the reviewer's judgement that the data was taken for an improper purpose (不正の目的)
    improper_purpose         BOOLEAN       NOT NULL,
    -- the day the company became aware of it (起算日); the report deadlines count from it
    aware_on                 VARCHAR(10)   NOT NULL,
    preliminary_reported_on  VARCHAR(10),
    final_reported_on        VARCHAR(10),
    closed_at                BIGINT
);
CREATE INDEX incident_by_state ON incident (closed_at, updated_at);

CREATE TABLE incident_event (
    incident_id  VARCHAR(36)  NOT NULL REFERENCES incident (id),
    event_id     VARCHAR(36)  NOT NULL REFERENCES event (event_id),
    PRIMARY KEY (incident_id, event_id)
);
CREATE INDEX incident_event_by_event ON incident_event (event_id);

-- Every step taken and every note written, append-only: the incident's own history.
CREATE TABLE incident_step (
    id           VARCHAR(36)    NOT NULL PRIMARY KEY,
    incident_id  VARCHAR(36)    NOT NULL REFERENCES incident (id),
    step         VARCHAR(20)    NOT NULL,
    kind         VARCHAR(16)    NOT NULL,
    actor        VARCHAR(100)   NOT NULL,
    note         VARCHAR(4000),
    at           BIGINT         NOT NULL
);
CREATE INDEX incident_step_by_incident ON incident_step (incident_id, at);
