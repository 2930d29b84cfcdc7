package org.healthportal.exports;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.core.Future;
import java.util.List;
import org.healthportal.platform.cache.CachedReads;
import org.healthportal.platform.db.ReadReplicas;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.healthportal.platform.config.AppConfig;
import org.healthportal.platform.http.ApiModule;
import org.healthportal.platform.http.Problem;
import org.healthportal.platform.http.ProblemType;
import org.healthportal.platform.http.Requests;

/** The {@code exports} tag: whole public data sets as NDJSON or CSV downloads. */
public final class ExportsApi implements ApiModule {

  private static final int RETRY_AFTER_SECONDS = 10;

  private final ReadReplicas reads;
  private final CachedReads cache;
  private final Clock clock;
  /**
   * Exports running at once in this process. Each holds a pooled database connection for as long as
   * its client takes to download, so they may use only a quarter of the pool: slow downloads must
   * never starve the rest of the API.
   */
  private final int maxRunning;
  private final AtomicInteger running = new AtomicInteger();

  /** @param clock the file name's date is taken in this clock's zone */
  public ExportsApi(ReadReplicas reads, CachedReads cache, AppConfig config, Clock clock) {
    this.reads = reads;
    this.cache = cache;
    this.clock = clock;
    this.maxRunning = Math.max(1, config.db().poolSize() / 4);
  }

  @Override
  public void bind(RouterBuilder builder) {
    builder.getRoute("exportDataset").addHandler(this::exportDataset);
  }

  void exportDataset(RoutingContext ctx) {
    // Both parameters are enums in the contract: anything else was a 400 naming it already.
    Dataset dataset = Dataset.of(Requests.validated(ctx).getPathParameters().get("dataset").getString());
    ExportFormat format = ExportFormat.negotiate(Requests.query(ctx).string("format"), ctx.parsedHeaders().accept());
    if (running.incrementAndGet() > maxRunning) {
      running.decrementAndGet();
      ctx.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
      throw Problem.of(ProblemType.UNAVAILABLE, "exports.too-many", RETRY_AFTER_SECONDS);
    }
    String fileName = dataset.pathName() + "-" + LocalDate.now(clock).format(DateTimeFormatter.BASIC_ISO_DATE) + "." + format.extension();
    // On a replica that has replayed every write to the data set the caller can know of (see ReadReplicas).
    Future<List<String>> generations = cache.generation(dataset.cacheNamespace()).map(List::of).otherwise((List<String>) null);
    new ExportStream(ctx, dataset, format, fileName, running::decrementAndGet).start(generations.compose(g -> reads.connection("export", g)));
  }
}
