package org.healthportal.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook target guard without any service: IPv4 literals only in canonical dotted-decimal
 * form, and no address of this machine or its networks in any spelling (IPv4, IPv6, mapped or
 * embedded IPv4).
 */
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

  /** A delivery connects to the address the check approved (DNS rebinding cannot swap it afterwards), at the URL's port or the scheme's. */
  @Test
  void theCheckNamesTheAddressADeliveryConnectsTo() {
    WebhookTargets publicOnly = new WebhookTargets(vertx, false, true);
    assertThat(publicOnly.check("https://203.0.113.7/hook").await().toString()).isEqualTo("203.0.113.7:443");
    assertThat(publicOnly.check("http://[2606:4700:4700::1111]:8080/hook").await().hostAddress()).isEqualTo("2606:4700:4700:0:0:0:0:1111");
    assertThat(publicOnly.check("http://[2606:4700:4700::1111]:8080/hook").await().port()).isEqualTo(8080);
    WebhookTargets privateToo = new WebhookTargets(vertx, true, true);
    assertThat(privateToo.check("http://localhost:9000/hook").await().port()).isEqualTo(9000);
    assertThat(privateToo.check("http://localhost:9000/hook").await().hostAddress()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
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

  /** The dotted end of an IPv6 literal follows the same rule. */
  @ParameterizedTest
  @ValueSource(strings = {"[::ffff:0177.0.0.1]", "[::ffff:127.1]", "[::ffff:127.000.0.1]", "[64:ff9b::0x7f.0.0.1]", "[::0177.0.0.1]"})
  void ambiguousIpv4InsideIpv6IsRefused(String host) {
    String dotted = host.substring(host.lastIndexOf(':') + 1, host.length() - 1);
    assertThat(WebhookTargets.ambiguousIpv4(host)).contains("the host " + dotted + " is an IPv4 address not written as four decimal numbers");
    Throwable refused = new WebhookTargets(vertx, false, false).check("https://" + host + "/hook").toCompletionStage().toCompletableFuture()
        .handle((v, e) -> e).join();
    // refused as ambiguous, or earlier as no URL at all where java.net.URI does not parse the literal
    assertThat(refused).as(host).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.0.0.1", "0.0.0.0", "255.255.255.255", "100.64.0.1", "199.9.250.10", "[::1]", "[::ffff:7f00:1]", "[::ffff:127.0.0.1]", "[fe80::1%25eth0]",
      "example.com", "example.com.", "hooks.partner.example", "1e100.net", "123.example", "0x7f.example", "a.b.c.d"})
  void namesIpv6AndCanonicalIpv4AreNotAmbiguous(String host) {
    assertThat(WebhookTargets.ambiguousIpv4(host)).isNull();
  }

  /** Every URL whose host is, or resolves to, an address of this machine or its networks; each is refused. */
  @ParameterizedTest
  @ValueSource(strings = {
      "https://127.0.0.1/hook", "https://127.255.255.254/hook", "https://0.0.0.0/hook", "https://0.1.2.3/hook", // loopback, this network
      "https://localhost/hook",
      "https://10.1.2.3/hook", "https://172.16.0.1/hook", "https://172.31.255.255/hook", "https://192.168.0.10/hook", // private
      "https://169.254.169.254/latest/meta-data", "https://169.254.0.1/hook", // link-local, cloud metadata
      "https://100.64.0.1/hook", "https://100.127.255.255/hook", "https://100.100.100.200/latest/meta-data", // CGNAT, Alibaba Cloud metadata
      "https://198.18.0.1/hook", "https://198.19.255.255/hook", // benchmarking
      "https://224.0.0.1/hook", "https://239.255.255.250/hook", "https://240.0.0.1/hook", "https://255.255.255.255/hook", // multicast, reserved
      "https://[::1]/hook", "https://[0:0:0:0:0:0:0:1]/hook", "https://[::]/hook", "https://[::1]:8443/hook", // IPv6 loopback, unspecified
      "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:7f00:1]/hook", "https://[0:0:0:0:0:ffff:7f00:1]/hook", // IPv4-mapped
      "https://[::ffff:10.0.0.1]/hook", "https://[::ffff:a9fe:a9fe]/hook", "https://[::ffff:0.0.0.0]/hook",
      "https://[::127.0.0.1]/hook", "https://[::7f00:1]/hook", "https://[::169.254.169.254]/hook", // IPv4-compatible (deprecated)
      "https://[::ffff:0:127.0.0.1]/hook", // IPv4-translated (SIIT)
      "https://[64:ff9b::127.0.0.1]/hook", "https://[64:ff9b::a9fe:a9fe]/hook", "https://[64:ff9b:1::8.8.8.8]/hook", // NAT64
      "https://[2002:7f00:1::]/hook", "https://[2002:a9fe:a9fe::1]/hook", // 6to4 of loopback and link-local
      "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook", // Teredo
      "https://[fc00::1]/hook", "https://[fd00:ec2::254]/hook", "https://[fdff:ffff::1]/hook", // unique local (AWS metadata)
      "https://[fe80::1]/hook", "https://[febf:ffff::1]/hook", // link-local
      "https://[fec0::1]/hook", // site-local (deprecated)
      "https://[ff02::1]/hook", "https://[ff05::2]/hook", // multicast
      "https://[100::1]/hook"}) // discard-only
  void internalAddressesInEveryFormAreRefused(String url) {
    Throwable refused = new WebhookTargets(vertx, false, false).check(url).toCompletionStage().toCompletableFuture().handle((v, e) -> e).join();
    assertThat(refused).as(url).isNotNull().hasMessageContaining("resolves to an internal address");
  }

  /** Hosts that do not resolve here (a name with a trailing dot, a zone this machine lacks) are refused too. */
  @ParameterizedTest
  @ValueSource(strings = {"https://localhost./hook", "https://[fe80::1%25eth0]/hook", "https://no-such-host.invalid/hook"})
  void unresolvableHostsAreRefused(String url) {
    Throwable refused = new WebhookTargets(vertx, false, false).check(url).toCompletionStage().toCompletableFuture().handle((v, e) -> e).join();
    assertThat(refused).as(url).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolve");
  }

  /** The same forms, each also refused when written as http (allowed in development) and with a port. */
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "[::ffff:127.0.0.1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::]", "[fe80::1]", "100.64.0.1"})
  void internalAddressesAreRefusedOverHttpAndWithAPortToo(String host) {
    Throwable refused = new WebhookTargets(vertx, false, true).check("http://" + host + ":8080/hook").toCompletionStage().toCompletableFuture()
        .handle((v, e) -> e).join();
    assertThat(refused).as(host).isNotNull().hasMessageContaining("resolves to an internal address");
  }

  /** Public addresses just outside each internal range, and public addresses embedded in IPv6, are not internal. */
  @ParameterizedTest
  @ValueSource(strings = {
      "8.8.8.8", "1.1.1.1", "203.0.113.10", "9.255.255.255", "11.0.0.0", "126.255.255.255", "128.0.0.0",
      "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0",
      "169.253.255.255", "169.255.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255", "1.0.0.0",
      "2001:4860:4860::8888", "2606:4700:4700::1111", "fbff:ffff::1", "fe7f:ffff::1", "2400::1",
      "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1", "2001:1::1"})
  void publicAddressesAreNotInternal(String address) throws Exception {
    assertThat(WebhookTargets.isInternal(InetAddress.getByName(address))).as(address).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://8.8.8.8/hook", "https://[2001:4860:4860::8888]/hook", "https://203.0.113.10/hook"})
  void publicLiteralsAreAccepted(String url) {
    Throwable refused = new WebhookTargets(vertx, false, false).check(url).toCompletionStage().toCompletableFuture().handle((v, e) -> e).join();
    assertThat(refused).as(url).isNull();
  }
}
