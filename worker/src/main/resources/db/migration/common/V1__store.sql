-- Rotator store schema, one text for every dialect: the column types in placeholders are set per
-- dialect by Database (see Dialect.columnTypes). Times are epoch milliseconds, so every dialect reads them alike.

CREATE TABLE kms_keys (
    key_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    key_spec         VARCHAR(32)  NOT NULL,
    key_usage        VARCHAR(32)  NOT NULL,
    key_state        VARCHAR(16)  NOT NULL,
    description      VARCHAR(256),
    wrapped_material ${small_binary},
    created_at       BIGINT       NOT NULL
);

CREATE TABLE secrets (
    name                VARCHAR(192)  NOT NULL PRIMARY KEY,
    secret_type         VARCHAR(32)   NOT NULL,
    description         VARCHAR(256),
    encryption_key_id   VARCHAR(64)   NOT NULL,
    extended_config     VARCHAR(2048),
    rotation_state      VARCHAR(16)   NOT NULL,
    rotation_interval_s BIGINT,
    next_rotation_at    BIGINT,
    last_rotation_at    BIGINT,
    last_error_code     VARCHAR(64),
    last_error_message  VARCHAR(2048),
    last_error_step     VARCHAR(16),
    last_error_at       BIGINT,
    planned_delete_at   BIGINT,
    finish_owed         VARCHAR(64),
    created_at          BIGINT        NOT NULL,
    updated_at          BIGINT        NOT NULL
);

CREATE TABLE secret_tags (
    secret_name VARCHAR(192) NOT NULL,
    tag_key     VARCHAR(128) NOT NULL,
    tag_value   VARCHAR(128) NOT NULL,
    PRIMARY KEY (secret_name, tag_key),
    FOREIGN KEY (secret_name) REFERENCES secrets (name) ON DELETE CASCADE
);

-- Values are sealed with a per-version data key; the data key is wrapped by the secret's CMK.
CREATE TABLE secret_versions (
    secret_name      VARCHAR(192) NOT NULL,
    version_id       VARCHAR(64)  NOT NULL,
    seq              BIGINT       NOT NULL,
    data_type        VARCHAR(8)   NOT NULL,
    key_id           VARCHAR(64)  NOT NULL,
    wrapped_data_key ${small_binary} NOT NULL,
    ciphertext       ${large_binary} NOT NULL,
    created_at       BIGINT       NOT NULL,
    PRIMARY KEY (secret_name, version_id),
    FOREIGN KEY (secret_name) REFERENCES secrets (name) ON DELETE CASCADE
);

CREATE TABLE secret_stages (
    secret_name VARCHAR(192) NOT NULL,
    stage       VARCHAR(64)  NOT NULL,
    version_id  VARCHAR(64)  NOT NULL,
    PRIMARY KEY (secret_name, stage),
    FOREIGN KEY (secret_name, version_id) REFERENCES secret_versions (secret_name, version_id) ON DELETE CASCADE
);

-- One rotation of a secret at a time across all workers: a lease, renewed at each step.
CREATE TABLE rotation_locks (
    secret_name VARCHAR(192) NOT NULL PRIMARY KEY,
    owner       VARCHAR(128) NOT NULL,
    expires_at  BIGINT       NOT NULL
);

-- The audit trail. No value ever goes in here.
CREATE TABLE rotation_events (
    id            ${identity},
    secret_name   VARCHAR(192) NOT NULL,
    token         VARCHAR(64),
    step          VARCHAR(16)  NOT NULL,
    outcome       VARCHAR(16)  NOT NULL,
    duration_ms   BIGINT       NOT NULL,
    error_code    VARCHAR(64),
    error_message VARCHAR(2048),
    created_at    BIGINT       NOT NULL
);
CREATE INDEX rotation_events_by_secret ON rotation_events (secret_name, id);

-- API principals. The AccessKey secret is sealed like a secret value.
CREATE TABLE access_keys (
    access_key_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    key_id           VARCHAR(64)  NOT NULL,
    wrapped_data_key ${small_binary} NOT NULL,
    sealed_secret    ${small_binary} NOT NULL,
    policy           VARCHAR(4000) NOT NULL,
    key_state        VARCHAR(16)  NOT NULL,
    created_at       BIGINT       NOT NULL
);
