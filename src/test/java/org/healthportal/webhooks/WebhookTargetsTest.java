package org.healthportal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IPv4 literals in webhook URLs: only the canonical dotted-decimal form, without any service. */
class WebhookTargetsTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Each of these some software reads as another address than Java does, or as none. */
  @ParameterizedTest
  @ValueSource(strings = {
      "0177.0.0.1", "127.000.000.001", "010.0.0.1", "08.8.8.8", "8.8.8.08", "0.0.0.00", // leading zeros (octal to some)
      "0x7f.0.0.1", "0X7F.0.0.1", "0x7f000001", "127.0.0.0x1", "0x.0.0.1", // hex
      "017700000001", "0177.1", // octal
      "127.1", "127.0.1", "10.1", "2130706433", "134744072", "0", // fewer than four parts
      "127.0.0.1.", "8.8.8.8.", // trailing dot
      "1.2.3.4.5", "256.0.0.1", "1.2.3.999", // no address at all
      "example.123", "example.0x1"}) // a name ending in a number is parsed as IPv4 by WHATWG URL parsers
  void ambiguousIpv4LiteralsAreRefusedWithTheirReason(String host) {
    for (boolean allowPrivate : new boolean[] {false, true}) {
      WebhookTargets targets = new WebhookTargets(vertx, allowPrivate, false);
      for (String url : new String[] {"https://" + host + "/hook", "https://" + host + ":8443/hook", "https://u@" + host + "/hook"}) {
        Throwable refused = targets.check(url).toCompletionStage().toCompletableFuture().handle((v, e) -> e).join();
        assertThat(refused).as(url + " (allowPrivate " + allowPrivate + ")").isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("the host " + host + " is an IPv4 address not written as four decimal numbers 0-255 without leading zeros");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.0.0.1", "0.0.0.0", "255.255.255.255", "100.64.0.1", "199.9.250.10", "[::1]", "[::ffff:7f00:1]",
      "example.com", "example.com.", "hooks.partner.example", "1e100.net", "123.example", "0x7f.example", "a.b.c.d"})
  void namesIpv6AndCanonicalIpv4AreNotAmbiguous(String host) {
    assertThat(WebhookTargets.ambiguousIpv4(host)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://[::1]/hook"})
  void canonicalInternalAddressesAreStillRefusedAsInternal(String url) {
    Throwable refused = new WebhookTargets(vertx, false, false).check(url).toCompletionStage().toCompletableFuture().handle((v, e) -> e).join();
    assertThat(refused).hasMessageContaining("resolves to an internal address");
  }
}
