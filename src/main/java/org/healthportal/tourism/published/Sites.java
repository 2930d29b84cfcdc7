package org.healthportal.tourism.published;

/** What other features may know of tourism sites. */
public final class Sites {

  /**
   * The cache namespace every tourism-site read is cached under, renewed after every site write: its
   * generation says which writes a reader of sites must see (exports read it; see ReadReplicas).
   */
  public static final String CACHE_NAMESPACE = "tourism.v1";

  private Sites() {}
}
