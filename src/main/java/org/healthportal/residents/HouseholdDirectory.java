package org.healthportal.residents;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.healthportal.platform.pii.Masking;
import org.healthportal.platform.pii.PiiCipher;
import org.healthportal.residents.published.Households;

/** {@link Households} over the residents' tables. */
public final class HouseholdDirectory implements Households {

  private final Pool pool;
  private final ResidentRepository repository;
  private final PiiCipher pii;

  public HouseholdDirectory(Pool pool, PiiCipher pii) {
    this.pool = pool;
    this.repository = new ResidentRepository(pool);
    this.pii = pii;
  }

  @Override
  public Future<Optional<Person>> person(String ownerSubject, UUID dependantId) {
    return person(pool, ownerSubject, dependantId);
  }

  @Override
  public Future<Optional<Person>> person(SqlClient client, String ownerSubject, UUID dependantId) {
    Future<Optional<ResidentRepository.StoredPerson>> found = dependantId == null
        ? repository.profile(client, ownerSubject)
        : repository.dependantWithProfile(client, ownerSubject, dependantId);
    return found.map(p -> p.map(stored -> toPerson(ownerSubject, stored)));
  }

  @Override
  public Future<List<UUID>> dependantIds(String ownerSubject) {
    return repository.dependants(ownerSubject).map(list -> list.stream().map(ResidentRepository.StoredPerson::dependantId).toList());
  }

  private Person toPerson(String owner, ResidentRepository.StoredPerson p) {
    return new Person(owner, p.dependantId(), p.idNumberHash(), Masking.idNumber(pii.decrypt(p.idNumberEnc())), p.residenceRegion(),
        p.birthDate(), p.conditions());
  }
}
