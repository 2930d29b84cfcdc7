-- DEMO DATA: family doctor teams. Schema migration V6 made these for the demo facilities that
-- existed then; now that the demo facilities load after the schema, this set makes them.
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
WHERE f.demo AND f.kind IN ('community_health_centre', 'community_health_station', 'township_hospital')
ON CONFLICT (id) DO NOTHING;
