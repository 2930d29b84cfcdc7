-- Push of resident notifications through the push gateway (issue 16). A notification is pushed at
-- least once, with its id as the gateway's de-duplication key. push_due_at (V14: the end of quiet
-- hours, else the event's time) becomes the time the next attempt may go: a claim moves it ahead by
-- a lease, a failure by the backoff, so the index on what is due serves every attempt.

ALTER TABLE notification
  ADD COLUMN push_attempts     integer NOT NULL DEFAULT 0,
  ADD COLUMN push_last_error   text,
  -- Set when the push was given up (after the last attempt, or the kind muted since): with
  -- pushed_at, the two ends of a push; neither is due again.
  ADD COLUMN push_given_up_at  timestamptz;

-- Notifications from before push existed are old news by now: not pushed.
UPDATE notification SET push_given_up_at = now(), push_last_error = 'stored before push existed' WHERE pushed_at IS NULL;

DROP INDEX notification_push_due_idx;
CREATE INDEX notification_push_due_idx ON notification (push_due_at) WHERE pushed_at IS NULL AND push_given_up_at IS NULL;
