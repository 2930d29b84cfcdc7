package org.healthportal.platform.search;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Collects WHERE conditions and positional parameters ($1, $2...) for a dynamic query. */
public final class SqlBuilder {

  private final List<Object> params = new ArrayList<>();
  private final List<String> conditions = new ArrayList<>();

  /** Adds a parameter and returns its placeholder. */
  public String param(Object value) {
    params.add(value);
    return "$" + params.size();
  }

  public SqlBuilder where(String condition) {
    conditions.add(condition);
    return this;
  }

  /** {@code WHERE a AND b ...}, or an empty string without conditions. */
  public String whereClause() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  public Tuple tuple() {
    return Tuple.wrap(new ArrayList<>(params));
  }
}
