-- The care levels a facility accepts, kept on the facility row by a trigger, so a care-level search
-- can start from a small location index over care facilities only (about 4 % of all facilities)
-- instead of every facility in the radius.
ALTER TABLE facility ADD COLUMN care_levels text[] NOT NULL DEFAULT '{}';

CREATE FUNCTION facility_care_levels_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.facility_id ELSE NEW.facility_id END;
BEGIN
  UPDATE facility f SET care_levels = ARRAY(
      SELECT c.care_level FROM facility_care c WHERE c.facility_id = target
      ORDER BY array_position(ARRAY['self_care','partial_disability','full_disability','dementia'], c.care_level))
  WHERE f.id = target;
  RETURN NULL;
END $$;

CREATE TRIGGER facility_care_levels_sync AFTER INSERT OR DELETE OR UPDATE OF care_level ON facility_care
  FOR EACH ROW EXECUTE FUNCTION facility_care_levels_sync();

UPDATE facility f SET care_levels = ARRAY(
    SELECT c.care_level FROM facility_care c WHERE c.facility_id = f.id
    ORDER BY array_position(ARRAY['self_care','partial_disability','full_disability','dementia'], c.care_level));

CREATE INDEX facility_active_care_location_idx ON facility USING gist (ll_to_earth(lat, lng))
  WHERE status = 'active' AND care_levels <> '{}';
