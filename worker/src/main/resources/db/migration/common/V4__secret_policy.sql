-- Secret policies (GetSecretPolicy / SetSecretPolicy): one JSON document (at most 32,768 bytes) per secret and
-- policy name. ${large_text} is a text column of that size in every dialect (see Dialect.columnTypes).
CREATE TABLE secret_policies (
    secret_name VARCHAR(192)  NOT NULL,
    policy_name VARCHAR(64)   NOT NULL,
    document    ${large_text} NOT NULL,
    updated_at  BIGINT        NOT NULL,
    PRIMARY KEY (secret_name, policy_name),
    FOREIGN KEY (secret_name) REFERENCES secrets (name) ON DELETE CASCADE
);
