package org.healthportal.platform.versioning;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.healthportal.api.model.ChangeHistory;
import org.healthportal.api.model.ChangeHistoryItemsInner;
import org.healthportal.platform.auth.Caller;

/**
 * A history table beside a versioned table: one row per version with who changed it, when, and
 * which fields. Both tables share a shape (see the facility and tourism migrations).
 *
 * @param table the versioned table, with {@code id} and {@code version} columns
 * @param historyTable its history table
 * @param keyColumn the history table's column referencing {@code table.id}
 */
public record ChangeHistoryTable(String table, String historyTable, String keyColumn) {

  /** Records the row's current version; call after the change, in its transaction. */
  public Future<Void> record(SqlConnection conn, UUID id, String action, Caller by, List<String> fields) {
    return conn.preparedQuery("INSERT INTO " + historyTable + " (" + keyColumn + ", version, action, changed_by, changed_by_name, fields)"
            + " SELECT id, version, $2, $3, $4, $5 FROM " + table + " WHERE id = $1")
        .execute(Tuple.of(id, action, by.subject(), by.username(), fields.toArray(String[]::new))).mapEmpty();
  }

  /** The newest 500 versions, newest first. */
  public Future<ChangeHistory> list(Pool pool, UUID id) {
    return pool.preparedQuery("SELECT version, action, changed_by, changed_by_name, changed_at, fields FROM " + historyTable
            + " WHERE " + keyColumn + " = $1 ORDER BY version DESC LIMIT 500")
        .execute(Tuple.of(id))
        .map(rows -> {
          List<ChangeHistoryItemsInner> items = new ArrayList<>();
          for (Row r : rows) {
            items.add(new ChangeHistoryItemsInner()
                .version(r.getInteger("version"))
                .action(ChangeHistoryItemsInner.ActionEnum.fromValue(r.getString("action")))
                .changedBy(r.getString("changed_by"))
                .changedByName(r.getString("changed_by_name"))
                .changedAt(r.getOffsetDateTime("changed_at").withOffsetSameInstant(ZoneOffset.UTC))
                .fields(List.of(r.getArrayOfStrings("fields"))));
          }
          return new ChangeHistory().items(items);
        });
  }
}
