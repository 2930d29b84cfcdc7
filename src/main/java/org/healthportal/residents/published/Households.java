package org.healthportal.residents.published;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What other features may know of a resident's household: who a person is for contract purposes,
 * identified by the keyed hash of their ID number and shown only masked.
 */
public interface Households {

  /** A person an account may act for: the account holder ({@code dependantId} null) or a dependant. */
  record Person(String ownerSubject, UUID dependantId, byte[] idNumberHash, String idNumberMasked, String residenceRegion,
      LocalDate birthDate, List<String> conditions) {}

  /**
   * The account holder, or one of their dependants.
   *
   * @return empty when the account has no profile, or no such dependant
   */
  Future<Optional<Person>> person(String ownerSubject, UUID dependantId);

  /** The same, read through {@code client}: a connection whose transaction the read joins, say. */
  Future<Optional<Person>> person(SqlClient client, String ownerSubject, UUID dependantId);

  /** The dependants' ids of an account (to list the household's contracts). */
  Future<List<UUID>> dependantIds(String ownerSubject);
}
