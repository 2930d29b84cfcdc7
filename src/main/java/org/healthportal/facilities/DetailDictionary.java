package org.healthportal.facilities;

import org.healthportal.api.model.Facility;
import org.healthportal.api.model.FacilityKind;
import org.healthportal.api.model.Ownership;
import org.healthportal.platform.http.Json;

/**
 * What facility details have in common, as the dictionary the search index packs them against
 * ({@link org.healthportal.platform.search.index.PackedText}). Only the ratio depends on it: any
 * detail packs and unpacks exactly. Deflate finds nearer text more cheaply, so the most common
 * part, a whole detail as the serialiser writes it, comes last.
 */
final class DetailDictionary {

  private DetailDictionary() {}

  private static final String TYPICAL = """
      {"id":"00000000-0000-4000-8000-000000000000","kind":"elderly_care_home","nameZh":"济南市历下区社区养老服务中心",
       "nameEn":"Lixia District Community Elderly Care Centre","addressZh":"山东省济南市历下区解放路街道文化东路88号",
       "addressEn":"88 Wenhua East Road, Lixia District, Jinan, Shandong","regionCode":"370102",
       "location":{"lat":36.65123,"lng":117.12034},"phone":"0531-88888888","openingHours":"08:00-17:30",
       "ownership":"public_built_private_run","rating":4,
       "services":["meals","bathing_assistance","rehabilitation","tcm_therapy","dementia_care","palliative_care","day_care",
         "home_visits","health_checkups","chronic_disease_management","vaccination","family_doctor_services"],
       "medical":{"onSiteClinic":true,"doctorVisits":true,"emergency":false,"partnerHospital":"山东省立医院","greenChannel":true},
       "insurance":{"medicalInsurance":true,"ltcInsurance":false},
       "careLevels":["self_care","partial_disability","full_disability","dementia"],
       "beds":[{"careLevel":"self_care","total":120,"free":12,"nursing":4,"reportedAt":"2026-11-01T08:00:00Z","stale":false},
         {"careLevel":"partial_disability","total":80,"free":6,"nursing":28,"reportedAt":"2026-11-01T08:00:00Z","stale":true},
         {"careLevel":"full_disability","total":60,"free":3,"nursing":39,"reportedAt":"2026-11-01T08:00:00Z","stale":true},
         {"careLevel":"dementia","total":40,"free":0,"nursing":20,"reportedAt":null,"stale":true}],
       "prices":[{"careLevel":"self_care","minMonthly":1800,"maxMonthly":3600},
         {"careLevel":"partial_disability","minMonthly":2800,"maxMonthly":5200},
         {"careLevel":"full_disability","minMonthly":3800,"maxMonthly":7600},
         {"careLevel":"dementia","minMonthly":4200,"maxMonthly":8800}],
       "status":"active","version":1,"demo":true,"updatedAt":"2026-11-01T08:00:00Z"}
      """;

  static final String SAMPLE = words() + Json.encode(Json.decode(TYPICAL, Facility.class));

  private static String words() {
    StringBuilder words = new StringBuilder("市县区镇乡街道路号村社区卫生服务站中心医院养老院敬老院护理院康复");
    for (FacilityKind kind : FacilityKind.values()) words.append('"').append(kind.toString()).append('"');
    for (Ownership ownership : Ownership.values()) words.append('"').append(ownership.toString()).append('"');
    return words.toString();
  }
}
