-- Elderly-care and clinic directory.
-- Distances are great-circle distances on a sphere of the mean Earth radius (IUGG, 6,371,008.8 m).
-- earthdistance reads the radius from earth(); redefining it (as its documentation allows) before
-- any index is built keeps SQL distances and the API's documented formula identical.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE OR REPLACE FUNCTION earth() RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 6371008.8::float8';

CREATE TABLE facility (
  id                uuid PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN (
                      'elderly_care_home', 'combined_medical_elderly_care', 'nursing_home', 'geriatric_hospital',
                      'rehabilitation_hospital', 'hospice', 'day_care_centre', 'community_elderly_care_station',
                      'rural_welfare_home', 'community_health_centre', 'community_health_station',
                      'township_hospital', 'general_hospital')),
  name_zh           text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
  name_en           text CHECK (length(name_en) <= 200),
  address_zh        text NOT NULL,
  address_en        text,
  region_code       varchar(12) NOT NULL REFERENCES region(code),
  lat               double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng               double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  phone             text,
  opening_hours     text,
  ownership         text NOT NULL CHECK (ownership IN ('public', 'private', 'public_built_private_run')),
  rating            smallint CHECK (rating BETWEEN 1 AND 5),
  services          text[] NOT NULL DEFAULT '{}',
  on_site_clinic    boolean NOT NULL DEFAULT false,
  doctor_visits     boolean NOT NULL DEFAULT false,
  emergency         boolean NOT NULL DEFAULT false,
  partner_hospital  text,
  green_channel     boolean NOT NULL DEFAULT false,
  medical_insurance boolean NOT NULL DEFAULT false,
  ltc_insurance     boolean NOT NULL DEFAULT false,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  version           integer NOT NULL DEFAULT 1,
  demo              boolean NOT NULL DEFAULT false,
  -- Denormalised from facility_care so the common sorts and filters need no join.
  free_beds         integer NOT NULL DEFAULT 0,
  min_monthly_price integer,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- One row per care level the facility accepts: its beds and monthly price range.
CREATE TABLE facility_care (
  facility_id    uuid NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  care_level     text NOT NULL CHECK (care_level IN ('self_care', 'partial_disability', 'full_disability', 'dementia')),
  beds_total     integer NOT NULL DEFAULT 0 CHECK (beds_total >= 0),
  beds_free      integer NOT NULL DEFAULT 0 CHECK (beds_free >= 0),
  beds_nursing   integer NOT NULL DEFAULT 0 CHECK (beds_nursing >= 0),
  beds_reported_at timestamptz,
  price_min      integer CHECK (price_min >= 0),
  price_max      integer CHECK (price_max >= 0),
  PRIMARY KEY (facility_id, care_level),
  CHECK (beds_free <= beds_total),
  CHECK (beds_nursing <= beds_total),
  CHECK (price_min IS NULL OR price_max IS NULL OR price_min <= price_max)
);

-- Who changed what, version by version.
CREATE TABLE facility_history (
  facility_id  uuid NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  version      integer NOT NULL,
  action       text NOT NULL CHECK (action IN ('create', 'update', 'beds', 'close')),
  changed_by   text NOT NULL,
  changed_by_name text,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  fields       text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (facility_id, version)
);

CREATE INDEX facility_active_location_idx ON facility USING gist (ll_to_earth(lat, lng)) WHERE status = 'active';
CREATE INDEX facility_active_region_idx ON facility (region_code) WHERE status = 'active';
CREATE INDEX facility_active_name_idx ON facility ((name_zh COLLATE "C"), id) WHERE status = 'active';
CREATE INDEX facility_active_rating_idx ON facility (rating DESC NULLS LAST, id) WHERE status = 'active';
CREATE INDEX facility_care_level_idx ON facility_care (care_level, facility_id);
