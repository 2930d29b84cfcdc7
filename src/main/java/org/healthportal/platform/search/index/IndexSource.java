package org.healthportal.platform.search.index;

import io.vertx.sqlclient.Row;
import java.util.List;

/**
 * What a feature tells the index engine about its listings: how to read them all, how to read
 * those that changed, and how to turn a row into an indexed listing.
 *
 * @param <E> the feature's indexed listing
 */
public interface IndexSource<E extends IndexedListing> {

  /** A short name for logs and metrics ({@code facilities}). */
  String name();

  /**
   * The cache namespaces whose writes change these listings: a write invalidates one of them after
   * it commits, which tells every instance that its index may be behind.
   */
  List<String> namespaces();

  /** SQL reading every listing to index, with an {@code id} column. */
  String selectAll();

  /**
   * SQL reading the listings changed by transactions from {@code $1} (an {@code xid8} as text) on,
   * from the change log: a {@code changed_id} column for every changed listing, with its columns
   * as in {@link #selectAll} (all null when it no longer exists).
   */
  String selectChanged();

  /** The listing of a row, or null when it is not to be found by searches (closed, say). */
  E map(Row row);

  /**
   * Adds to {@code listing}, made by {@link #map} from {@code row}, what searches do not need but
   * other reads may (a facility's packed detail): costly, so after a whole load it runs in the
   * background once searches are served; after a refresh, at once. Readers must expect it missing.
   */
  default void complete(Row row, E listing) {}
}
