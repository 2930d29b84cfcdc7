-- Resident notifications (issue 16). They come from the outbox (V6), read by a consumer of its own:
-- a claim column beside the webhooks' published_at, so neither consumer holds the other back.

ALTER TABLE outbox ADD COLUMN notified_at timestamptz;
-- Events from before notifications existed have nobody to tell.
UPDATE outbox SET notified_at = now() WHERE notified_at IS NULL;
CREATE INDEX outbox_unnotified_idx ON outbox (id) WHERE notified_at IS NULL;

-- One row per account with notifications: the last sequence number handed out. Taking the next one
-- locks this row until the notification commits, so an account's notifications commit in sequence
-- order, and a stream resuming after sequence n misses nothing committed later with a lower one.
CREATE TABLE notification_inbox (
  owner_subject text PRIMARY KEY,
  last_seq      bigint NOT NULL
);

CREATE TABLE notification (
  id            uuid PRIMARY KEY,
  owner_subject text NOT NULL,
  seq           bigint NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('signup_approved', 'signup_declined', 'renewal_open', 'contract_expiring',
                                              'contract_expired', 'team_changed')),
  -- What caused it ('outbox:<event id>', or 'signup:<contract id>' for reminders that come with
  -- time): with the kind, the de-duplication key, so a redelivered event adds nothing.
  source        text NOT NULL,
  signup_id     uuid,
  -- The facts its text is made of at read time (names, reason, dates), never ID or phone numbers.
  params        jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  read_at       timestamptz,
  -- For the push step (not built yet): when a push may go (after quiet hours), and when it went.
  push_due_at   timestamptz NOT NULL,
  pushed_at     timestamptz,
  UNIQUE (source, kind),
  UNIQUE (owner_subject, seq)
);
CREATE INDEX notification_unread_idx ON notification (owner_subject) WHERE read_at IS NULL;
CREATE INDEX notification_push_due_idx ON notification (push_due_at) WHERE pushed_at IS NULL;

-- A resident's choices; no row means every kind, no quiet hours, language from the request.
CREATE TABLE notification_preference (
  owner_subject text PRIMARY KEY,
  muted_kinds   text[] NOT NULL DEFAULT '{}',
  quiet_start   time,                          -- China Standard Time; both or neither
  quiet_end     time,
  language      text CHECK (language IN ('zh', 'en')),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

-- Reminders that come with time (renewal window opened, contract about to end) are found by a
-- periodic job on every instance; this row per reminder says up to when contracts have been looked
-- at, and its lock lets one instance at a time move it on.
CREATE TABLE notification_reminder_run (
  kind       text PRIMARY KEY,
  done_until timestamptz NOT NULL
);
INSERT INTO notification_reminder_run (kind, done_until) VALUES ('renewal_open', now()), ('contract_expiring', now());

-- The job reads active contracts by the end of their term.
CREATE INDEX signup_active_ends_idx ON signup (ends_at) WHERE status = 'ACTIVE';
