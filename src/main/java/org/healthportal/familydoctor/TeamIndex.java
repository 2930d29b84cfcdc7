package org.healthportal.familydoctor;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.util.List;
import org.healthportal.facilities.published.NearbyCare;
import org.healthportal.platform.search.index.Hit;
import org.healthportal.platform.search.index.IndexSnapshot;
import org.healthportal.platform.search.index.IndexSource;
import org.healthportal.platform.search.index.Ranked;

/**
 * The team search on the in-memory index: the same filters, order and pages as
 * {@link TeamRepository#list}. A team's position is its facility's, so a facility that moves
 * changes its teams too: both namespaces and both kinds of change-log entry count.
 */
final class TeamIndex implements IndexSource<IndexedTeam> {

  /** Invalidated after every write that changes a team (its listing, or its panel through signups). */
  static final String NAMESPACE = "teams.v1";

  @Override
  public String name() {
    return "teams";
  }

  @Override
  public List<String> namespaces() {
    return List.of(NAMESPACE, NearbyCare.CACHE_NAMESPACE);
  }

  @Override
  public String selectAll() {
    return "SELECT " + IndexedTeam.COLUMNS + " FROM " + IndexedTeam.FROM;
  }

  @Override
  public String selectChanged() {
    return "SELECT changed.id AS changed_id, " + IndexedTeam.COLUMNS + " FROM ("
        + "SELECT entity_id AS id FROM change_log WHERE entity_type = 'team' AND xid >= $1::text::xid8"
        + " UNION SELECT m.id FROM team m JOIN change_log c ON c.entity_type = 'facility' AND c.entity_id = m.facility_id"
        + " AND c.xid >= $1::text::xid8) changed"
        + " LEFT JOIN (" + IndexedTeam.FROM + ") ON t.id = changed.id";
  }

  @Override
  public IndexedTeam map(Row row) {
    return IndexedTeam.of(row);
  }

  /** One page of the search as the JSON the database path would answer. */
  static Buffer page(IndexSnapshot<IndexedTeam> index, TeamRepository.TeamFilter filter) {
    // Near-me teams always sort by distance; other searches by name.
    List<Ranked<Hit<IndexedTeam>>> candidates = index.candidates(filter.near(), 0, t -> matches(t, filter), filter.after() == null,
        filter.limit(), hit -> new Ranked<>(hit, filter.near() != null ? hit.distance() : hit.listing().nameZh(), hit.listing().id()));
    List<Ranked<Hit<IndexedTeam>>> top = Ranked.top(candidates, filter.after(), false, filter.limit());
    return Ranked.page(top, filter.limit(), filter.fingerprint(), IndexedTeam::view, (out, hit) ->
        hit.listing().view().appendTo(out, filter.near() == null ? null : String.valueOf(TeamRepository.roundedDistance(hit.distance().meters()))));
  }

  /** The rules of {@link TeamRepository#list}, on one team. */
  private static boolean matches(IndexedTeam team, TeamRepository.TeamFilter filter) {
    if (filter.region() != null && !team.areaRegions().contains(filter.region())) return false;
    if (filter.facility() != null && !filter.facility().equals(team.facilityId())) return false;
    if (filter.packageCode() != null && !team.packages().contains(filter.packageCode())) return false;
    return filter.hasCapacity() == null || filter.hasCapacity() == team.hasCapacity();
  }
}
