package org.healthportal.platform.search;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.UUID;
import org.healthportal.platform.http.Requests;

/**
 * One feature's public listings exactly as its API reads them: a search page and a listing by id,
 * each the JSON the contract describes, through the feature's own index, cache and read-your-writes
 * rules. Another view of the same directory (FHIR) reads through this, so it can never drift from
 * what the API answers.
 */
public interface PublicListings {

  /** A page of the feature's search for these parameters, named and valued as the API's own (not validated again). */
  Future<Buffer> search(Requests.Query query);

  /** The listing's whole public representation, also when closed; empty when there is none. */
  Future<Optional<Buffer>> get(UUID id);

  /** The two reads as functions (a feature's API passes its handlers' own service calls). */
  static PublicListings of(java.util.function.Function<Requests.Query, Future<Buffer>> search,
      java.util.function.Function<UUID, Future<Optional<Buffer>>> get) {
    return new PublicListings() {
      @Override
      public Future<Buffer> search(Requests.Query query) {
        return search.apply(query);
      }

      @Override
      public Future<Optional<Buffer>> get(UUID id) {
        return get.apply(id);
      }
    };
  }
}
