-- Health-tourism sites (康养旅游). Same distance conventions as the facility directory (V3).
CREATE TABLE tourism_site (
  id              uuid PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('seaside', 'mountain_forest', 'hot_spring', 'rural', 'tcm')),
  name_zh         text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
  name_en         text CHECK (length(name_en) <= 200),
  description_zh  text NOT NULL DEFAULT '',
  description_en  text,
  region_code     varchar(12) NOT NULL REFERENCES region(code),
  lat             double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng             double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  -- [{"type": "national_forest_wellness_base", "year": 2020}, ...]
  designations    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(designations) = 'array'),
  -- Months the site receives visitors, and the months it is at its best (a subset).
  open_months     smallint[] NOT NULL CHECK (open_months <@ ARRAY[1,2,3,4,5,6,7,8,9,10,11,12]::smallint[]),
  best_months     smallint[] NOT NULL DEFAULT '{}' CHECK (best_months <@ open_months),
  accessibility   text[] NOT NULL DEFAULT '{}'
                    CHECK (accessibility <@ ARRAY['step_free', 'wheelchair', 'elderly_lodging', 'medical_point']),
  services        text[] NOT NULL DEFAULT '{}'
                    CHECK (services <@ ARRAY['forest_bathing', 'hot_spring_therapy', 'tcm_therapy', 'health_checkup',
                      'rehabilitation', 'physiotherapy', 'thalassotherapy', 'farm_stay']),
  price_level     smallint NOT NULL CHECK (price_level BETWEEN 1 AND 4),
  opening_hours   text,
  phone           text,
  website         text,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  version         integer NOT NULL DEFAULT 1,
  demo            boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tourism_site_history (
  site_id         uuid NOT NULL REFERENCES tourism_site(id) ON DELETE CASCADE,
  version         integer NOT NULL,
  action          text NOT NULL CHECK (action IN ('create', 'update', 'close')),
  changed_by      text NOT NULL,
  changed_by_name text,
  changed_at      timestamptz NOT NULL DEFAULT now(),
  fields          text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (site_id, version)
);

CREATE INDEX tourism_site_active_location_idx ON tourism_site USING gist (ll_to_earth(lat, lng)) WHERE status = 'active';
CREATE INDEX tourism_site_active_name_idx ON tourism_site ((name_zh COLLATE "C"), id) WHERE status = 'active';

-- Nearest-care lookups around a site need no index of their own: the facility location index (V3)
-- answers ORDER BY ll_to_earth(lat, lng) <-> point as a nearest-neighbour scan.
