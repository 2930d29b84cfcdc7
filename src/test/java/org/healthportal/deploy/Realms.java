package org.healthportal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

/**
 * Keycloak realms, read so that a realm the manifests import can be compared with the development realm
 * ({@code infra/keycloak}), which the service's own tests run against: its roles, the mappers of a client
 * scope and the attributes of the declarative user profile.
 */
final class Realms {

  /** The development realm is only the reference here, not what is under test: read leniently, unlike the manifests. */
  private static final ObjectMapper LENIENT = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Realms() {}

  /** The development realm (infra/keycloak): the reference for roles, scopes and the user profile. */
  static RealmRepresentation developmentRealm() {
    try {
      return LENIENT.readValue(RepositoryRoot.PATH.resolve("infra/keycloak/health-portal-realm.json").toFile(), RealmRepresentation.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of the realm's roles. */
  static Set<String> roleNames(RealmRepresentation realm) {
    return realm.getRoles().getRealm().stream().map(RoleRepresentation::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The realm's client scope of that name; a missing one fails. */
  static ClientScopeRepresentation clientScope(RealmRepresentation realm, String name) {
    return Optional.ofNullable(realm.getClientScopes()).orElse(List.of()).stream().filter(s -> name.equals(s.getName()))
        .findFirst().orElseThrow(() -> new AssertionError("realm " + realm.getRealm() + " has no client scope " + name));
  }

  /** The protocol mappers of a client scope: name to type and config, sorted, so two scopes compare as a whole. */
  static Map<String, String> mappers(ClientScopeRepresentation scope) {
    Map<String, String> out = new TreeMap<>();
    for (ProtocolMapperRepresentation m : scope.getProtocolMappers()) out.put(m.getName(), m.getProtocolMapper() + " " + new TreeMap<>(m.getConfig()));
    return out;
  }

  /** The declarative user profile, parsed strictly into Keycloak's own model. */
  static UPConfig userProfile(RealmRepresentation realm) {
    List<ComponentExportRepresentation> providers = realm.getComponents() == null ? null
        : realm.getComponents().get("org.keycloak.userprofile.UserProfileProvider");
    assertThat(providers).as("realm %s: a user profile", realm.getRealm()).isNotNull().hasSize(1);
    List<String> config = providers.get(0).getConfig().get("kc.user.profile.config");
    assertThat(config).as("realm %s: kc.user.profile.config", realm.getRealm()).hasSize(1);
    try {
      return RenderedManifests.STRICT.readValue(config.get(0), UPConfig.class);
    } catch (IOException e) {
      throw new AssertionError("realm " + realm.getRealm() + ": the user profile is not valid: " + e.getMessage(), e);
    }
  }

  /** The user profile's attribute names, in their order. */
  static List<String> attributeNames(UPConfig profile) {
    return profile.getAttributes().stream().map(UPAttribute::getName).toList();
  }
}
