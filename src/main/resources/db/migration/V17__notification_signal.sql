-- Open notification streams (issue 16) learn of a new notification from PostgreSQL instead of each
-- asking every second: every stored notification is announced on channel 'hp_inbox' as
-- '<owner subject> <sequence number>' when its transaction commits. Only the notification feeder's
-- transactions insert here, so NOTIFY's commit-time lock never meets the API's write traffic.
CREATE FUNCTION notification_signal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hp_inbox', NEW.owner_subject || ' ' || NEW.seq);
  RETURN NULL;
END $$;

CREATE TRIGGER notification_signal AFTER INSERT ON notification
  FOR EACH ROW EXECUTE FUNCTION notification_signal();
