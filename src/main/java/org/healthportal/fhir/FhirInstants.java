package org.healthportal.fhir;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Times as FHIR {@code instant}s, which must have seconds (Java's shortest form leaves them out at :00). */
final class FhirInstants {

  private FhirInstants() {}

  /** @return null when {@code isoDateTime} is null */
  static String of(String isoDateTime) {
    return isoDateTime == null ? null : DateTimeFormatter.ISO_INSTANT.format(OffsetDateTime.parse(isoDateTime));
  }
}
