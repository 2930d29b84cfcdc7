package org.healthportal.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.healthportal.facilities.published.WatchedFacilities;

/**
 * Fires bed watches from the outbox's {@code facility.care-beds-freed} events (V16): a report of
 * one care level showing more free beds than the report before (not fewer, not the same). Every
 * live watch of that level that is for the facility, or whose search finds it, makes one
 * {@code bed_available} notification and ends, in the feeder's transaction. Its source
 * {@code watch:<id>} makes a watch tell once, whichever events and rounds match it.
 */
final class BedWatchFiring {

  static final String EVENT = "facility.care-beds-freed";

  private BedWatchFiring() {}

  /**
   * Fires what the events match. Every event's facility and candidate watches are read at once
   * (the queries are pipelined on the transaction's connection: a burst of reports costs a few round
   * trips, not a few per event); matching then goes event after event, so a watch an earlier event
   * of the batch fired is not matched again. How many notifications were stored.
   */
  static Future<Integer> fire(SqlConnection conn, List<Row> events, Function<List<Draft>, Future<Integer>> store) {
    if (events.isEmpty()) return Future.succeededFuture(0);
    List<Future<Optional<Match>>> lookups = events.stream().map(e -> lookup(conn, e)).toList();
    return Future.all(lookups).compose(all -> {
      Set<UUID> fired = new LinkedHashSet<>();
      List<Draft> drafts = new ArrayList<>();
      for (Future<Optional<Match>> lookup : lookups) {
        lookup.result().ifPresent(m -> {
          for (BedWatch w : m.watches()) {
            if (fired.contains(w.id()) || (w.facilityId() == null && !w.search().finds(m.facility()))) continue;
            fired.add(w.id());
            drafts.add(new Draft(w.ownerSubject(), NotificationKind.BED_AVAILABLE, "watch:" + w.id(), null, m.params(), m.eventAt()));
          }
        });
      }
      return BedWatches.fired(conn, new ArrayList<>(fired)).compose(v -> store.apply(drafts));
    });
  }

  /** An event's open facility and the live watches that may match it; empty when the facility closed meanwhile. */
  private record Match(WatchedFacilities.Facility facility, List<BedWatch> watches, JsonObject params, Instant eventAt) {}

  private static Future<Optional<Match>> lookup(SqlConnection conn, Row event) {
    JsonObject payload = (JsonObject) event.getValue("payload");
    UUID facilityId = event.getUUID("aggregate_id");
    String level = payload.getString("careLevel");
    OffsetDateTime eventAt = event.getOffsetDateTime("created_at");
    String reportedAt = payload.getString("reportedAt") == null ? eventAt.withOffsetSameInstant(ZoneOffset.UTC).toString()
        : OffsetDateTime.parse(payload.getString("reportedAt")).withOffsetSameInstant(ZoneOffset.UTC).toString();
    return WatchedFacilities.active(conn, facilityId, level).compose(found -> {
      if (found.isEmpty()) return Future.succeededFuture(Optional.empty());
      WatchedFacilities.Facility f = found.get();
      return BedWatches.candidates(conn, facilityId, level, f.lat(), eventAt)
          .map(watches -> Optional.of(new Match(f, watches, params(f, level, reportedAt), eventAt.toInstant())));
    });
  }

  /** The facts the text is made of: the facility by name, the level, the report's time; no numbers. */
  private static JsonObject params(WatchedFacilities.Facility f, String level, String reportedAt) {
    return new JsonObject().put("facilityId", f.id().toString()).put("facilityNameZh", f.nameZh()).put("facilityNameEn", f.nameEn())
        .put("careLevel", level).put("reportedAt", reportedAt);
  }
}
