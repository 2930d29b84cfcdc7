-- The staff console's server-side sessions. Browsers hold only a random cookie value; rows are
-- found by its SHA-256, so a leaked table does not hand out live cookies. Tokens are encrypted
-- with the personal-data key, as they name the staff member.

-- A sign-in in progress: between the redirect to Keycloak and its callback (minutes at most).
CREATE TABLE console_login (
    id_hash    bytea PRIMARY KEY,
    state      text NOT NULL,
    verifier   text NOT NULL,
    nonce      text NOT NULL,
    return_to  text NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE TABLE console_session (
    id_hash      bytea PRIMARY KEY,
    subject      text NOT NULL,
    tokens       text NOT NULL,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);

CREATE INDEX console_session_expiry ON console_session (expires_at);
CREATE INDEX console_login_expiry ON console_login (expires_at);
