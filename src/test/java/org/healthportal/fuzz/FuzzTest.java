package org.healthportal.fuzz;

import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.healthportal.dev.ProjectPaths;
import org.healthportal.fuzz.Findings.Finding;
import org.healthportal.support.Http;
import org.healthportal.support.LogCapture;
import org.healthportal.support.TestEnv;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Fuzzing driven by the contract: thousands of valid, invalid and malformed requests for every
 * operation of {@code api-spec/openapi.yaml}, sent over raw HTTP. Whatever comes in, the server must
 * never answer 5xx; every 4xx must be a problem document (under {@code /fhir}, an OperationOutcome:
 * FHIR's own error answer); every response must match the contract's schema for its status; a request that breaks the contract, or the HTTP and URI rules below it
 * (bad percent-escapes, NUL, a repeated single-valued parameter...), must be refused with a 4xx; and
 * a valid request may be refused by the service's rules (an unknown region, a full team) but never
 * by the contract's own validation.
 *
 * <p>Valid requests use real ids (demo data to read, things {@link Fixtures} creates to change) and
 * the tokens of the demo users; see {@link RequestGenerator} and {@link Malformed} for what is sent.
 *
 * <p>Seeded: the same seed (20261127) every run unless {@code -Dfuzz.seed=N} (or {@code random}) says
 * otherwise; the seed is printed, and {@code -Dfuzz.seed=N} repeats a run's requests, but for the ids
 * of what the run creates and the tokens ({@code -Dfuzz.only=I,J} sends only the requests numbered I
 * and J, as a report numbers them). {@code -Dfuzz.requests=N} sets about how many are sent
 * (default 10,000). A failure lists each distinct finding with the first request that showed it, as
 * sent, and the response; the whole report is also written to {@code target/fuzz-report.txt}.
 */
class FuzzTest {

  private static final long DEFAULT_SEED = 20261127L;

  private static final int THREADS = 4;
  /** Operations whose 201 creates something to be closed or deleted at the end. */
  private static final Set<String> CREATES = Set.of("createFacility", "createTourismSite", "createWebhook");

  private final TestEnv env = TestEnv.get();

  @Test
  void everyOperationRefusesBadRequestsAndNeverFails() throws Exception {
    // A fixed seed by default, so that a run of the suite is reproducible; -Dfuzz.seed=random explores.
    String seedSetting = System.getProperty("fuzz.seed", String.valueOf(DEFAULT_SEED));
    long seed = seedSetting.equals("random") ? new SecureRandom().nextLong() : Long.parseLong(seedSetting);
    int total = Integer.getInteger("fuzz.requests", 10_000);
    System.out.printf("Fuzz seed %d (repeat with -Dfuzz.seed=%d)%n", seed, seed);
    FuzzTarget target = FuzzTarget.start(env);
    Fixtures fixtures = Fixtures.create(env, target);
    Findings findings = new Findings();
    // Thousands of access lines would bury the rest of the output; errors are still logged (and
    // captured, so a 5xx is reported with its cause).
    Logger access = (Logger) LoggerFactory.getLogger("access");
    Level accessLevel = access.getLevel();
    access.setLevel(Level.WARN);
    long elapsed;
    try (LogCapture log = LogCapture.open()) {
      List<FuzzRequest> requests = new RequestGenerator(seed, fixtures).generate(ContractModel.load(), total);
      if (System.getProperty("fuzz.only") != null) {
        List<Integer> only = Arrays.stream(System.getProperty("fuzz.only").split(",")).map(s -> Integer.parseInt(s.trim())).toList();
        requests = requests.stream().filter(r -> only.contains(r.index())).toList();
      }
      long start = System.nanoTime();
      run(requests, target.port(), fixtures, findings, new Expectations(target.http(), log, findings));
      elapsed = System.nanoTime() - start;
    } finally {
      access.setLevel(accessLevel);
      fixtures.cleanUp();
      target.stop();
    }
    double seconds = elapsed / 1e9;
    System.out.printf("Fuzz: %d requests in %.1f s (%.0f requests/s), seed %d%n%s", findings.responses(), seconds,
        findings.responses() / seconds, seed, findings.statistics());
    Files.writeString(ProjectPaths.root().resolve("target/fuzz-report.txt"),
        "seed " + seed + "\n" + findings.statistics() + findings.report(4000));
    if (!findings.isEmpty()) {
      fail("Fuzzing with seed %d (repeat with -Dfuzz.seed=%d; all of it in target/fuzz-report.txt): %s", seed, seed, findings.report(700));
    }
  }

  private void run(List<FuzzRequest> requests, int port, Fixtures fixtures, Findings findings, Expectations expectations) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        workers.add(pool.submit(() -> {
          try (RawHttp connection = new RawHttp("localhost", port)) {
            for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
              send(requests.get(i), connection, fixtures, findings, expectations);
            }
          }
          return null;
        }));
      }
      for (Future<?> w : workers) w.get();
    } finally {
      pool.shutdownNow();
    }
  }

  private void send(FuzzRequest r, RawHttp connection, Fixtures fixtures, Findings findings, Expectations expectations) {
    List<String[]> headers = new ArrayList<>();
    if (r.principal() != null) headers.add(new String[] {"Authorization", "Bearer " + fixtures.token(r.principal())});
    String sent = describe(r, headers, connection.hostHeader());
    Http.Response response;
    try {
      if (r.etagOf() != null) {
        String etag = connection.send("GET", RawHttp.serialize("GET", r.etagOf(), List.of(), null, connection.hostHeader())).header("ETag");
        if (etag != null) headers.add(new String[] {"If-Match", etag});
      }
      headers.addAll(r.headers());
      sent = describe(r, headers, connection.hostHeader());
      response = connection.send(r.method(), RawHttp.serialize(r.method(), r.target(), headers, r.body(), connection.hostHeader()));
    } catch (IOException e) {
      findings.count(r, null);
      findings.add(new Finding("no HTTP response", r, sent, null, e.toString()));
      return;
    }
    findings.count(r, response);
    if (CREATES.contains(r.operationId())) fixtures.created(r.operationId(), response);
    expectations.check(r, sent, response);
  }

  /** The request as sent, for a report: tokens named rather than shown, long values cut. */
  private static String describe(FuzzRequest r, List<String[]> headers, String host) {
    StringBuilder b = new StringBuilder(r.method()).append(' ').append(Strings.abbreviate(r.target(), 500)).append(" HTTP/1.1\n");
    b.append("Host: ").append(host).append('\n');
    for (String[] h : headers) {
      String value = h[0].equals("Authorization") && r.principal() != null ? "Bearer <access token of " + r.principal() + ">" : h[1];
      b.append(h[0]).append(": ").append(Strings.abbreviate(value, 300)).append('\n');
    }
    if (r.body() != null) {
      b.append("Content-Length: ").append(r.body().length).append("\n\n");
      b.append(Strings.abbreviate(Strings.visible(new String(r.body(), StandardCharsets.UTF_8)), 1500));
      if (!Arrays.equals(new String(r.body(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), r.body())) {
        b.append("\n[body bytes are not UTF-8]");
      }
    }
    return b.append('\n').toString();
  }
}
