-- Family doctor teams and signup contracts (家庭医生签约).

CREATE TABLE team (
  id                  uuid PRIMARY KEY,
  facility_id         uuid NOT NULL REFERENCES facility(id),
  name_zh             text NOT NULL,
  name_en             text,
  service_area        text[] NOT NULL,          -- region codes served
  accepts_out_of_area boolean NOT NULL DEFAULT false,
  panel_cap           integer NOT NULL CHECK (panel_cap > 0),
  -- PENDING + ACTIVE contracts, kept in the same transaction as every change of status, so the
  -- capacity check is one conditional UPDATE that concurrent signups cannot both pass.
  panel_count         integer NOT NULL DEFAULT 0 CHECK (panel_count >= 0),
  packages            text[] NOT NULL,
  members             jsonb NOT NULL DEFAULT '[]',
  version             integer NOT NULL DEFAULT 1,
  CHECK (panel_count <= panel_cap)
);
CREATE INDEX team_facility_idx ON team (facility_id);

CREATE TABLE signup (
  id                uuid PRIMARY KEY,
  team_id           uuid NOT NULL REFERENCES team(id),
  owner_subject     text NOT NULL,              -- the account that signed (for itself or a dependant)
  dependant_id      uuid REFERENCES dependant(id) ON DELETE SET NULL,
  person_hash       bytea NOT NULL,             -- keyed hash of the person's ID number
  person_masked     text NOT NULL,              -- the masked ID number, for display only
  packages          text[] NOT NULL,
  agreement_version text NOT NULL,
  status            text NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'REJECTED', 'WITHDRAWN', 'TERMINATED', 'EXPIRED', 'RENEWED')),
  reason            text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  decided_at        timestamptz,
  starts_at         timestamptz,
  ends_at           timestamptz
);
-- One PENDING or ACTIVE contract per person, enforced by the database whatever the timing.
CREATE UNIQUE INDEX signup_one_open_per_person ON signup (person_hash) WHERE status IN ('PENDING', 'ACTIVE');
CREATE INDEX signup_owner_idx ON signup (owner_subject, created_at);
CREATE INDEX signup_team_status_idx ON signup (team_id, status, created_at);

CREATE TABLE signup_history (
  signup_id   uuid NOT NULL REFERENCES signup(id),
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor       text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  reason      text
);
CREATE INDEX signup_history_idx ON signup_history (signup_id, at);

-- Events written in the same transaction as the change, for notification and webhook delivery.
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  aggregate    text NOT NULL,
  aggregate_id uuid NOT NULL,
  event_type   text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

-- The first response to each Idempotency-Key of an account. A row with no response is in flight.
CREATE TABLE idempotency_key (
  owner_subject   text NOT NULL,
  key             text NOT NULL,
  request_hash    text NOT NULL,
  response_status integer,
  response_body   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_subject, key)
);

-- Demo teams: one per demo community health centre, station and township hospital, serving its
-- district. Ids derive from the facility id so they are the same in every database.
INSERT INTO team (id, facility_id, name_zh, name_en, service_area, accepts_out_of_area, panel_cap, packages, members)
SELECT md5(f.id::text || ':team')::uuid, f.id,
       f.name_zh || '家庭医生团队', COALESCE(f.name_en || ' family doctor team', NULL),
       ARRAY[f.region_code], f.kind = 'township_hospital',
       CASE f.kind WHEN 'community_health_station' THEN 1500 ELSE 2000 END,
       CASE f.kind WHEN 'community_health_station' THEN ARRAY['basic','elderly_65','hypertension','diabetes','child_0_6','tcm']
                   ELSE ARRAY['basic','elderly_65','hypertension','diabetes','maternal','child_0_6','disability','tcm','home_visit'] END,
       jsonb_build_array(
         jsonb_build_object('role', 'general_practitioner', 'name', '全科医生', 'title', 'attending_physician', 'specialty', 'general_practice'),
         jsonb_build_object('role', 'nurse', 'name', '社区护士', 'title', 'nurse_practitioner', 'specialty', 'community_nursing'),
         jsonb_build_object('role', 'public_health_physician', 'name', '公卫医师', 'title', 'physician', 'specialty', 'public_health'))
FROM facility f
WHERE f.demo AND f.kind IN ('community_health_centre', 'community_health_station', 'township_hospital');
