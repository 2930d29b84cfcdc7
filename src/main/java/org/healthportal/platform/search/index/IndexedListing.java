package org.healthportal.platform.search.index;

import java.util.UUID;

/** What the in-memory index needs of every listing it holds: its id and where it is. */
public interface IndexedListing {

  UUID id();

  double lat();

  double lng();

  /** The listing's position, as PostgreSQL's earthdistance computes it (computed, not held: the grid keeps it). */
  default SpherePoint point() {
    return SpherePoint.of(lat(), lng());
  }

  /**
   * Bits a search can require before it looks at the listing itself (the care levels a facility
   * accepts, say): the grid keeps them beside the coordinates, so most listings a filter rejects are
   * rejected without reading them.
   */
  default long tags() {
    return 0;
  }
}
