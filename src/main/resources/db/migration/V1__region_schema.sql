-- Administrative divisions (GB/T 2260). Not Shandong-specific: each province loads its own rows
-- with a data migration of the same shape.
CREATE TABLE region (
  code        varchar(12) PRIMARY KEY,
  parent_code varchar(12) REFERENCES region(code),
  level       text NOT NULL CHECK (level IN ('province', 'city', 'district')),
  name_zh     text NOT NULL,
  name_en     text NOT NULL
);

CREATE INDEX region_parent_idx ON region (parent_code);
