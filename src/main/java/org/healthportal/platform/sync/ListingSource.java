package org.healthportal.platform.sync;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A kind of public listing that delta sync can send: each feature that owns one implements this,
 * so the change feed needs no knowledge of any feature.
 */
public interface ListingSource {

  /** The type name in the change log and the API ({@code facility}, {@code tourism-site}, {@code team}). */
  String type();

  /** The current public state of these listings; ids that no longer exist are absent. */
  Future<Map<UUID, Listing>> current(List<UUID> ids);

  /**
   * One listing as a client's offline copy should hold it.
   *
   * @param removed closed or otherwise gone from the public data: sent as a tombstone
   * @param data the representation a client stores (the one the detail endpoint returns)
   */
  record Listing(int version, boolean removed, Object data) {}
}
