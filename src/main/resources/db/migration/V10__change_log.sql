-- Delta sync (/v1/changes): a row for every create, update and close of a public listing, written
-- by triggers in the changing transaction, so no code path can forget one.
--
-- Readers never trust seq alone: a transaction can take its seq and commit after a later one. Each
-- row keeps its transaction id, and a reader only hands out rows of transactions older than the
-- oldest one still running (pg_snapshot_xmin), a set that can no longer grow. The feed sends each
-- listing's current state, not a diff, so the order among transactions does not matter either.
CREATE TABLE change_log (
  seq         bigserial PRIMARY KEY,
  xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  entity_type text NOT NULL CHECK (entity_type IN ('facility', 'tourism-site', 'team')),
  entity_id   uuid NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_xid_idx ON change_log (xid, seq);
CREATE INDEX change_log_entity_idx ON change_log (entity_type, entity_id, seq);

CREATE FUNCTION change_log_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO change_log (entity_type, entity_id) VALUES (TG_ARGV[0], NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER facility_change_log AFTER INSERT ON facility
  FOR EACH ROW EXECUTE FUNCTION change_log_record('facility');
CREATE TRIGGER facility_change_log_update AFTER UPDATE ON facility
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION change_log_record('facility');
CREATE TRIGGER tourism_site_change_log AFTER INSERT ON tourism_site
  FOR EACH ROW EXECUTE FUNCTION change_log_record('tourism-site');
CREATE TRIGGER tourism_site_change_log_update AFTER UPDATE ON tourism_site
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION change_log_record('tourism-site');
CREATE TRIGGER team_change_log AFTER INSERT ON team
  FOR EACH ROW EXECUTE FUNCTION change_log_record('team');
CREATE TRIGGER team_change_log_update AFTER UPDATE ON team
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION change_log_record('team');

-- Everything that exists before the log: one row each, so a first sync from the start sees it all.
INSERT INTO change_log (entity_type, entity_id) SELECT 'facility', id FROM facility ORDER BY id;
INSERT INTO change_log (entity_type, entity_id) SELECT 'tourism-site', id FROM tourism_site ORDER BY id;
INSERT INTO change_log (entity_type, entity_id) SELECT 'team', id FROM team ORDER BY id;
