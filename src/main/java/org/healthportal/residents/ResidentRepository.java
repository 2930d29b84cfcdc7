package org.healthportal.residents;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.healthportal.regions.published.RegionCodes;

/** SQL of resident profiles and dependants. Every personal identifier arrives here already encrypted. */
final class ResidentRepository {

  /** A stored person: identifiers still encrypted. */
  record StoredPerson(UUID dependantId, String name, String relation, String idNumberEnc, byte[] idNumberHash, String phoneEnc,
      LocalDate birthDate, String sex, String residenceRegion, List<String> conditions) {}

  private final Pool pool;

  ResidentRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<StoredPerson>> profile(String subject) {
    return profile(pool, subject);
  }

  Future<Optional<StoredPerson>> profile(SqlClient client, String subject) {
    return client.preparedQuery("SELECT * FROM resident_profile WHERE subject = $1").execute(Tuple.of(subject))
        .map(rows -> first(rows, false));
  }

  /** Creates or replaces the profile; fails with a unique violation when the ID number belongs to another account. */
  Future<Void> upsertProfile(String subject, String idEnc, byte[] idHash, LocalDate birth, String sex, String phoneEnc,
      String region, List<String> conditions) {
    return pool.preparedQuery("INSERT INTO resident_profile (subject, id_number_enc, id_number_hash, birth_date, sex, phone_enc,"
            + " residence_region, conditions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            + " ON CONFLICT (subject) DO UPDATE SET id_number_enc = EXCLUDED.id_number_enc, id_number_hash = EXCLUDED.id_number_hash,"
            + " birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex, phone_enc = EXCLUDED.phone_enc,"
            + " residence_region = EXCLUDED.residence_region, conditions = EXCLUDED.conditions, updated_at = now()")
        .execute(Tuple.from(new Object[] {subject, idEnc, io.vertx.core.buffer.Buffer.buffer(idHash), birth, sex, phoneEnc, region,
            conditions.toArray(String[]::new)}))
        .mapEmpty();
  }

  Future<List<StoredPerson>> dependants(String owner) {
    return pool.preparedQuery("SELECT * FROM dependant WHERE owner_subject = $1 ORDER BY created_at, id").execute(Tuple.of(owner))
        .map(rows -> {
          List<StoredPerson> out = new ArrayList<>();
          rows.forEach(r -> out.add(person(r, true)));
          return out;
        });
  }

  Future<Optional<StoredPerson>> dependant(String owner, UUID id) {
    return pool.preparedQuery("SELECT * FROM dependant WHERE owner_subject = $1 AND id = $2").execute(Tuple.of(owner, id))
        .map(rows -> first(rows, true));
  }

  /** The owner's dependant, found only while the owner has a profile (a household hangs from one), in one query. */
  Future<Optional<StoredPerson>> dependantWithProfile(SqlClient client, String owner, UUID id) {
    return client.preparedQuery("SELECT d.* FROM dependant d WHERE d.owner_subject = $1 AND d.id = $2"
            + " AND EXISTS (SELECT 1 FROM resident_profile p WHERE p.subject = $1)").execute(Tuple.of(owner, id))
        .map(rows -> first(rows, true));
  }

  Future<Void> insertDependant(UUID id, String owner, String name, String relation, String idEnc, byte[] idHash, LocalDate birth,
      String sex, String region, List<String> conditions) {
    return pool.preparedQuery("INSERT INTO dependant (id, owner_subject, name, relation, id_number_enc, id_number_hash, birth_date,"
            + " sex, residence_region, conditions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .execute(Tuple.from(new Object[] {id, owner, name, relation, idEnc, io.vertx.core.buffer.Buffer.buffer(idHash), birth, sex,
            region, conditions.toArray(String[]::new)}))
        .mapEmpty();
  }

  /** Deletes the owner's dependant; false when there is none with that id for this owner. */
  Future<Boolean> deleteDependant(String owner, UUID id) {
    return pool.preparedQuery("DELETE FROM dependant WHERE id = $1 AND owner_subject = $2").execute(Tuple.of(id, owner))
        .map(rows -> rows.rowCount() > 0);
  }

  Future<Boolean> regionExists(String code) {
    return RegionCodes.exists(pool, code);
  }

  private static Optional<StoredPerson> first(RowSet<Row> rows, boolean dependant) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(person(rows.iterator().next(), dependant));
  }

  private static StoredPerson person(Row r, boolean dependant) {
    return new StoredPerson(
        dependant ? r.getUUID("id") : null,
        dependant ? r.getString("name") : null,
        dependant ? r.getString("relation") : null,
        r.getString("id_number_enc"),
        r.getBuffer("id_number_hash").getBytes(),
        dependant ? null : r.getString("phone_enc"),
        r.getLocalDate("birth_date"),
        r.getString("sex"),
        r.getString("residence_region"),
        Arrays.asList(r.getArrayOfStrings("conditions")));
  }
}
