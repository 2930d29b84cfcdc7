package org.healthportal.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
   * Fires what the events match, one event after the other: a watch fired by an earlier event of
   * the batch is ended before the next is matched. How many notifications were stored.
   */
  static Future<Integer> fire(SqlConnection conn, List<Row> events, Function<List<Draft>, Future<Integer>> store) {
    Future<Integer> stored = Future.succeededFuture(0);
    for (Row e : events) stored = stored.compose(n -> fireOne(conn, e, store).map(m -> n + m));
    return stored;
  }

  private static Future<Integer> fireOne(SqlConnection conn, Row event, Function<List<Draft>, Future<Integer>> store) {
    JsonObject payload = (JsonObject) event.getValue("payload");
    UUID facilityId = event.getUUID("aggregate_id");
    String level = payload.getString("careLevel");
    OffsetDateTime eventAt = event.getOffsetDateTime("created_at");
    String reportedAt = payload.getString("reportedAt") == null ? eventAt.withOffsetSameInstant(ZoneOffset.UTC).toString()
        : OffsetDateTime.parse(payload.getString("reportedAt")).withOffsetSameInstant(ZoneOffset.UTC).toString();
    return WatchedFacilities.active(conn, facilityId, level).compose(found -> {
      if (found.isEmpty()) return Future.succeededFuture(0);
      WatchedFacilities.Facility f = found.get();
      return BedWatches.candidates(conn, facilityId, level, f.lat(), eventAt).compose(watches -> {
        List<Draft> drafts = new ArrayList<>();
        List<UUID> fired = new ArrayList<>();
        for (BedWatch w : watches) {
          if (w.facilityId() == null && !w.search().finds(f)) continue;
          fired.add(w.id());
          drafts.add(new Draft(w.ownerSubject(), NotificationKind.BED_AVAILABLE, "watch:" + w.id(), null, params(f, level, reportedAt),
              eventAt.toInstant()));
        }
        return BedWatches.fired(conn, fired).compose(v -> store.apply(drafts));
      });
    });
  }

  /** The facts the text is made of: the facility by name, the level, the report's time; no numbers. */
  private static JsonObject params(WatchedFacilities.Facility f, String level, String reportedAt) {
    return new JsonObject().put("facilityId", f.id().toString()).put("facilityNameZh", f.nameZh()).put("facilityNameEn", f.nameEn())
        .put("careLevel", level).put("reportedAt", reportedAt);
  }
}
