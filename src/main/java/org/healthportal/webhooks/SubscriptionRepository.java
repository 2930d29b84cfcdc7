package org.healthportal.webhooks;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.healthportal.api.model.Webhook;
import org.healthportal.api.model.WebhookDeliveries;
import org.healthportal.api.model.WebhookEventType;

/** SQL of subscriptions, each with counts of its deliveries. */
final class SubscriptionRepository {

  private static final String SELECT = "SELECT s.*,"
      + " (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.status = 'pending') AS pending,"
      + " (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.status = 'delivered') AS delivered,"
      + " (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.status = 'failed') AS failed,"
      + " (SELECT d.last_error FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.last_error IS NOT NULL"
      + "   ORDER BY d.id DESC LIMIT 1) AS last_error"
      + " FROM webhook_subscription s";

  private final Pool pool;

  SubscriptionRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insert(UUID id, String owner, String url, List<String> eventTypes, String region, String secret) {
    return pool.preparedQuery("INSERT INTO webhook_subscription (id, owner_client, url, event_types, region_code, secret)"
            + " VALUES ($1, $2, $3, $4, $5, $6)")
        .execute(Tuple.of(id, owner, url, eventTypes.toArray(String[]::new), region, secret)).mapEmpty();
  }

  Future<List<Webhook>> ofOwner(String owner) {
    return pool.preparedQuery(SELECT + " WHERE s.owner_client = $1 ORDER BY s.created_at, s.id").execute(Tuple.of(owner)).map(rows -> {
      List<Webhook> items = new ArrayList<>();
      rows.forEach(r -> items.add(view(r)));
      return items;
    });
  }

  /** The subscription if it belongs to {@code owner} (others' are treated as absent). */
  Future<Optional<Webhook>> find(UUID id, String owner) {
    return pool.preparedQuery(SELECT + " WHERE s.id = $1 AND s.owner_client = $2").execute(Tuple.of(id, owner))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next())));
  }

  Future<Boolean> delete(UUID id, String owner) {
    return pool.preparedQuery("DELETE FROM webhook_subscription WHERE id = $1 AND owner_client = $2").execute(Tuple.of(id, owner))
        .map(rows -> rows.rowCount() > 0);
  }

  private static Webhook view(Row r) {
    return new Webhook()
        .id(r.getUUID("id"))
        .url(r.getString("url"))
        .eventTypes(Arrays.stream(r.getArrayOfStrings("event_types")).map(WebhookEventType::fromValue).toList())
        .region(r.getString("region_code"))
        .status(Webhook.StatusEnum.fromValue(r.getString("status")))
        .disabledReason(r.getString("disabled_reason"))
        .createdAt(r.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC))
        .deliveries(new WebhookDeliveries().pending(r.getLong("pending").intValue()).delivered(r.getLong("delivered").intValue())
            .failed(r.getLong("failed").intValue()).lastError(r.getString("last_error")));
  }
}
