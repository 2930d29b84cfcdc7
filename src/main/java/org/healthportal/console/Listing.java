package org.healthportal.console;

import org.healthportal.platform.auth.Caller;

/** The two kinds of listing staff keep: where the API has them, where the console shows them, and who may. */
public enum Listing {
  FACILITY("/v1/facilities/", "/console/facilities/"),
  SITE("/v1/tourism/sites/", "/console/sites/");

  private final String apiPath;
  private final String consolePath;

  Listing(String apiPath, String consolePath) {
    this.apiPath = apiPath;
    this.consolePath = consolePath;
  }

  public String api(String id) {
    return apiPath + id;
  }

  public String page(String id) {
    return consolePath + id;
  }

  /** The API's object-level rule, applied before the console shows anything (reads of listings are public). */
  public boolean managedBy(Caller caller, String id) {
    return this == FACILITY ? caller.canManageFacility(id) : caller.canManageSite(id);
  }
}
