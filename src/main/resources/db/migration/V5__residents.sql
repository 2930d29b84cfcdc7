-- Residents' profiles and the household members they manage, for family doctor signup.
-- ID and phone numbers are personal information (PIPL Art. 28): stored only encrypted
-- (keyId:base64, see PiiCipher) and looked up by a keyed hash, never by plaintext.
CREATE TABLE resident_profile (
  subject          text PRIMARY KEY,              -- the Keycloak subject
  id_number_enc    text NOT NULL,
  id_number_hash   bytea NOT NULL UNIQUE,
  birth_date       date NOT NULL,
  sex              text NOT NULL CHECK (sex IN ('male', 'female')),
  phone_enc        text,
  residence_region varchar(12) NOT NULL REFERENCES region(code),
  conditions       text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dependant (
  id               uuid PRIMARY KEY,
  owner_subject    text NOT NULL REFERENCES resident_profile(subject) ON DELETE CASCADE,
  relation         text NOT NULL CHECK (relation IN ('spouse', 'parent', 'child', 'other')),
  name             text NOT NULL,
  id_number_enc    text NOT NULL,
  id_number_hash   bytea NOT NULL,
  birth_date       date NOT NULL,
  sex              text NOT NULL CHECK (sex IN ('male', 'female')),
  residence_region varchar(12) NOT NULL REFERENCES region(code),
  conditions       text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_subject, id_number_hash)
);
CREATE INDEX dependant_hash_idx ON dependant (id_number_hash);

-- Family doctor service packages (服务包): the free basic package and personalised ones.
CREATE TABLE service_package (
  code          text PRIMARY KEY,
  name_zh       text NOT NULL,
  name_en       text NOT NULL,
  yearly_fee    integer NOT NULL CHECK (yearly_fee >= 0),
  min_age       integer,
  max_age       integer,
  conditions    text[] NOT NULL DEFAULT '{}',   -- qualifies with any one of these conditions
  description   text NOT NULL
);

INSERT INTO service_package (code, name_zh, name_en, yearly_fee, min_age, max_age, conditions, description) VALUES
  ('basic', '基础服务包', 'Basic package', 0, NULL, NULL, '{}', 'Basic medical care, basic public health services and health management; publicly funded.'),
  ('elderly_65', '老年人健康管理包', 'Elderly care (65+)', 120, 65, NULL, '{}', 'Yearly check-up, chronic disease screening and TCM constitution assessment for residents aged 65 and over.'),
  ('hypertension', '高血压管理包', 'Hypertension management', 100, NULL, NULL, '{hypertension}', 'Quarterly follow-ups, blood-pressure monitoring and medication guidance.'),
  ('diabetes', '糖尿病管理包', 'Type-2 diabetes management', 100, NULL, NULL, '{type2_diabetes}', 'Quarterly follow-ups, blood-glucose monitoring and diet guidance.'),
  ('maternal', '孕产妇保健包', 'Maternal care', 150, NULL, NULL, '{pregnant,postpartum}', 'Prenatal visits and postpartum home visits.'),
  ('child_0_6', '0-6岁儿童保健包', 'Child health (0–6)', 80, 0, 6, '{}', 'Growth monitoring, vaccination reminders and development checks.'),
  ('disability', '残疾人康复包', 'Disability rehabilitation', 120, NULL, NULL, '{disability}', 'Rehabilitation guidance and assistive-device advice.'),
  ('tcm', '中医药服务包', 'TCM care', 90, NULL, NULL, '{}', 'TCM constitution assessment and seasonal health advice; open to everyone.'),
  ('home_visit', '家庭病床服务包', 'Home bed and home visits', 600, NULL, NULL, '{bedridden,disability,severe_mental_disorder}', 'Home bed care and scheduled home visits for people who cannot travel.');
