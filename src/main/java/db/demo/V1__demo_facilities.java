package db.demo;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.healthportal.facilities.generator.FacilityGenerator;
import org.healthportal.facilities.generator.FacilityLoader;

/**
 * Loads the DEMO data set of facilities: {@value FacilityGenerator#DEMO_COUNT} made-up but plausible
 * elderly-care homes, clinics and hospitals across Shandong, generated from the fixed seed
 * {@value FacilityGenerator#DEMO_SEED}. None of them is a real institution; every row carries
 * {@code demo = true} so it can be told apart from (and deleted before) real listings.
 *
 * <p>The set includes the three facilities the demo staff users manage
 * ({@code d0000000-0000-4000-8000-000000000001} to {@code ...0003}; see the README). Beds are reported at a
 * fixed instant rather than now, so every database gets the same data.
 *
 * <p>The rows come from {@link FacilityGenerator}'s code, not from a frozen file: a change to the generator
 * changes what new databases get, while databases that loaded the set keep what they loaded. Inserts
 * skip rows that exist, so a database that got this set as schema migration V4 (before the demo data
 * became a data set of its own) is left as it is.
 */
public class V1__demo_facilities extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    FacilityLoader.insert(context.getConnection(), FacilityGenerator.demoSet(), true,
        FacilityGenerator.DEMO_BEDS_REPORTED_AT);
  }
}
