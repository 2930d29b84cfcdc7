-- Bed watches (issue 16): a resident asks to be told once when a bed of a care level frees up, at
-- one facility or at any facility matching a near-me search.
--
-- The facility's 'facility.beds-freed' event (V11) compares the facility's total of free beds, so a
-- level that frees while another fills may not raise it, and it does not say which level freed.
-- Watches are for a care level, so each level's report gets an event of its own, written by a
-- trigger in the reporting transaction: 'facility.care-beds-freed' when a level's free beds rise
-- above the previous report's figure (not when they fall or stay the same). Webhook subscriptions
-- cannot ask for this type, so the webhook consumer only marks it as seen.
CREATE FUNCTION facility_care_beds_freed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.beds_free > OLD.beds_free THEN
    INSERT INTO outbox (aggregate, aggregate_id, event_type, payload)
    SELECT 'facility', NEW.facility_id, 'facility.care-beds-freed', jsonb_build_object(
      'id', NEW.facility_id, 'regionCode', f.region_code, 'careLevel', NEW.care_level, 'freeBeds', NEW.beds_free,
      'previousFreeBeds', OLD.beds_free, 'reportedAt', NEW.beds_reported_at)
    FROM facility f WHERE f.id = NEW.facility_id AND f.status = 'active';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER facility_care_beds_freed AFTER UPDATE OF beds_free ON facility_care
  FOR EACH ROW EXECUTE FUNCTION facility_care_beds_freed();

CREATE TABLE bed_watch (
  id                uuid PRIMARY KEY,
  owner_subject     text NOT NULL,
  care_level        text NOT NULL CHECK (care_level IN ('self_care', 'partial_disability', 'full_disability', 'dementia')),
  -- Either one facility, or a search: a point, a radius and the filters (empty/null: any).
  facility_id       uuid REFERENCES facility(id) ON DELETE CASCADE,
  lat               double precision,
  lng               double precision,
  radius_km         double precision,
  kinds             text[] NOT NULL DEFAULT '{}',
  max_monthly_price integer,
  medical_insurance boolean NOT NULL DEFAULT false,
  ltc_insurance     boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz NOT NULL,
  -- Set when it fired (it ends then); a live watch has neither this nor a past expires_at.
  fired_at          timestamptz,
  CHECK ((facility_id IS NULL) = (lat IS NOT NULL AND lng IS NOT NULL AND radius_km IS NOT NULL))
);
CREATE INDEX bed_watch_owner_idx ON bed_watch (owner_subject, created_at) WHERE fired_at IS NULL;
CREATE INDEX bed_watch_facility_idx ON bed_watch (facility_id, care_level) WHERE fired_at IS NULL AND facility_id IS NOT NULL;
-- Search watches of a level, by latitude: the feeder looks at those within the widest radius of the facility.
CREATE INDEX bed_watch_search_idx ON bed_watch (care_level, lat) WHERE fired_at IS NULL AND facility_id IS NULL;

-- The new kind, told once per watch (source 'watch:<watch id>').
ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('signup_approved', 'signup_declined',
  'renewal_open', 'contract_expiring', 'contract_expired', 'team_changed', 'bed_available'));
