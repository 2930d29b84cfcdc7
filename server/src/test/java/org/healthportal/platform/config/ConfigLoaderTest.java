package org.healthportal.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  @Test
  void defaultsLeaveExternalServicesEmptySoTheyStartEmbedded() {
    AppConfig config = ConfigLoader.load(Map.of(), Map.of());
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().bodyLimitBytes()).isEqualTo(65_536);
    assertThat(config.db().url()).isEmpty();
    assertThat(config.redis().url()).isEmpty();
    assertThat(config.auth().realmUrl()).isEmpty();
    assertThat(config.auth().allowedClients()).contains("portal-mobile", "portal-dev");
  }

  @Test
  void environmentOverridesDefaultsAndExplicitOverridesWin() {
    AppConfig config = ConfigLoader.load(
        Map.of("HP_HTTP_PORT", "9090", "HP_REDIS_TIMEOUT_MS", "100", "HP_DB_URL", "postgresql://db:5432/portal"),
        Map.of("http.port", "9191"));
    assertThat(config.http().port()).isEqualTo(9191);
    assertThat(config.redis().timeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.db().url()).contains("postgresql://db:5432/portal");
  }

  @Test
  void badValuesFailFastNamingTheKeyAndItsVariable() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HP_HTTP_PORT", "eighty"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port").hasMessageContaining("HP_HTTP_PORT").hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HP_HTTP_PORT", "70000"), Map.of()))
        .hasMessageContaining("http.port").hasMessageContaining("between 1 and 65535");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HP_DB_URL", "mysql://x/y"), Map.of()))
        .hasMessageContaining("db.url").hasMessageContaining("postgresql://");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HP_AUTH_REALM_URL", "not a url"), Map.of()))
        .hasMessageContaining("auth.realm-url");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HP_AUTH_ALLOWED_CLIENTS", " , "), Map.of()))
        .hasMessageContaining("auth.allowed-clients");
  }

  @Test
  void urlErrorsDoNotEchoTheValueBecauseItMayHoldAPassword() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HP_REDIS_URL", "http://user:secret@host"), Map.of()))
        .hasMessageNotContaining("secret");
  }
}
