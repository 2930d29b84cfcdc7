package org.healthportal.tourism;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.healthportal.api.model.RecommendationList;
import org.healthportal.api.model.Recommendation;
import org.healthportal.api.model.RecommendationRequest;
import org.healthportal.api.model.TourismSiteSummary;
import org.healthportal.facilities.published.NearbyCare;

/**
 * Trip recommendations: hard requirements filter in SQL, the rest is scored in {@link Scoring}, and
 * longer trips get a route from {@link RoutePlanner}. Deterministic for a given data set.
 */
final class Recommendations {

  private final Pool pool;
  private final NearbyCare nearbyCare;

  Recommendations(Pool pool, NearbyCare nearbyCare) {
    this.pool = pool;
    this.nearbyCare = nearbyCare;
  }

  Future<RecommendationList> recommend(RecommendationRequest request) {
    HardRequirements hard = new HardRequirements(request);
    return pool.preparedQuery(hard.candidatesQuery()).execute(hard.sql.tuple()).compose(rows -> {
      List<TourismSiteSummary> sites = new ArrayList<>();
      for (Row r : rows) sites.add(SiteRows.summary(r));
      if (sites.isEmpty()) return explainEmpty(hard).map(explanation -> new RecommendationList().items(List.of()).explanation(explanation));
      return nearbyCare.nearestHospitalDistances(sites.stream().map(TourismSiteSummary::getLocation).toList()).map(hospitals -> {
        List<Recommendation> ranked = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) ranked.add(Scoring.score(request, sites.get(i), hospitals.get(i), hard.labels()));
        ranked.sort(Scoring.RANKING);
        RecommendationList result = new RecommendationList().items(ranked.subList(0, Math.min(request.getLimit(), ranked.size())));
        if (request.getTripDays() > 1) result.route(RoutePlanner.plan(ranked, request.getTripDays(), request.getOrigin()));
        return result;
      });
    });
  }

  /** Names the requirement that left no site, with how many sites each earlier one kept. */
  private Future<String> explainEmpty(HardRequirements hard) {
    return pool.preparedQuery(hard.funnelQuery()).execute(hard.sql.tuple()).map(rows -> {
      Row counts = rows.iterator().next();
      long active = counts.getLong("met0");
      if (active == 0) return "There are no open tourism sites at all.";
      StringBuilder text = new StringBuilder("No site meets every requirement. Of ").append(active).append(" active sites");
      for (int i = 0; i < hard.requirements.size(); i++) {
        long met = counts.getLong("met" + (i + 1));
        text.append(i == 0 ? ", " : "; of those, ").append(met).append(met == 1 ? " is " : " are ").append(hard.requirements.get(i).label());
        if (met == 0) {
          return text.append(". Relax \"").append(hard.requirements.get(i).label()).append("\" to see suggestions.").toString();
        }
      }
      return text.append(".").toString();
    });
  }
}
