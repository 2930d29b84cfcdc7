package org.healthportal.exports;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.healthportal.platform.http.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One download: reads the data set through a PostgreSQL cursor and writes it to the response in
 * chunks as it goes. Memory stays flat whatever the size of the data set: at most one fetch of rows
 * and about one chunk of bytes exist at a time, and reading pauses while the client is slower than
 * the database (back-pressure through the response's write queue).
 *
 * <p>All of it runs on the request's event loop: the connection is taken there, so the cursor's
 * callbacks come back there too, and no field needs synchronising.
 */
final class ExportStream {

  private static final Logger LOG = LoggerFactory.getLogger(ExportStream.class);
  /** Rows per cursor fetch: few round trips to PostgreSQL, yet a small batch in memory. */
  static final int FETCH_ROWS = 500;
  /** Bytes gathered before a write: a write per row would cost a system call per row. */
  static final int CHUNK_BYTES = 32 * 1024;
  /**
   * A client that takes nothing for this long loses its download: otherwise it could hold a
   * database connection and an open transaction for as long as it kept the socket open.
   */
  static final long STALL_LIMIT_MS = 60_000;

  private final RoutingContext ctx;
  private final HttpServerResponse response;
  private final Dataset dataset;
  private final ExportFormat format;
  private final List<String> columns;
  private final String fileName;
  private final Runnable onFinish;

  private SqlConnection conn;
  private Transaction tx;
  private RowStream<Row> rows;
  private Buffer chunk = newChunk();
  private boolean finished;
  private long stallTimer = -1;

  /** @param onFinish runs once when the export ends, however it ends */
  ExportStream(RoutingContext ctx, Dataset dataset, ExportFormat format, String fileName, Runnable onFinish) {
    this.ctx = ctx;
    this.response = ctx.response();
    this.dataset = dataset;
    this.format = format;
    this.columns = dataset.columnNames();
    this.fileName = fileName;
    this.onFinish = onFinish;
  }

  /** Streams the data set over {@code connection} (on a replica or the primary), once it is open. */
  void start(Future<SqlConnection> connection) {
    // A client that goes away at any point ends the export and gives the connection back.
    response.closeHandler(v -> finish(new IllegalStateException("The client closed the connection")));
    response.exceptionHandler(this::finish);
    response.drainHandler(v -> resume());
    format.appendHeader(chunk, columns);
    connection
        .compose(c -> {
          conn = c;
          return c.begin();
        })
        .compose(t -> {
          tx = t;
          // A cursor lives only inside a transaction. Read only, it never takes a transaction id, so
          // a long download does not hold back the delta-sync horizon (pg_snapshot_xmin).
          return conn.query("SET TRANSACTION READ ONLY").execute();
        })
        .compose(done -> conn.prepare(dataset.sql()))
        .onSuccess(statement -> {
          // The client may have left while the connection was being set up.
          if (finished) release();
          else stream(statement.createStream(FETCH_ROWS));
        })
        .onFailure(this::finish);
  }

  private void stream(RowStream<Row> stream) {
    rows = stream;
    stream.exceptionHandler(this::finish)
        .endHandler(v -> finish(null))
        .handler(this::append); // starts reading
  }

  private void append(Row row) {
    if (finished) return; // the rest of a fetched batch after an abort
    format.appendRow(chunk, columns, dataset.values(row));
    if (chunk.length() >= CHUNK_BYTES) flush();
  }

  private void flush() {
    writeHeadOnce();
    response.write(chunk);
    chunk = newChunk();
    if (response.writeQueueFull()) {
      rows.pause();
      stallTimer = ctx.vertx().setTimer(STALL_LIMIT_MS,
          id -> finish(new TimeoutException("The client read nothing for " + STALL_LIMIT_MS / 1000 + " s")));
    }
  }

  private void resume() {
    cancelStallTimer();
    if (!finished && rows != null) rows.resume();
  }

  /**
   * The status and headers go out with the first chunk, not before: until then a failure (no
   * connection, a bad query) can still be answered with a problem document.
   */
  private void writeHeadOnce() {
    if (response.headWritten()) return;
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", format.contentType())
        .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
  }

  /** Ends the export once: the last chunk on success, otherwise the best signal the client can still get. */
  private void finish(Throwable failure) {
    if (finished) {
      release(); // a connection that arrived after the end
      return;
    }
    finished = true;
    release();
    onFinish.run();
    Buffer last = chunk;
    chunk = null;
    if (failure == null) {
      writeHeadOnce();
      response.end(last);
    } else if (response.closed()) {
      LOG.debug("Export of {} stopped: the client went away [{}]", dataset.pathName(), RequestIds.of(ctx));
    } else if (!response.headWritten()) {
      ctx.fail(failure); // still a problem document
    } else {
      // Too late for a problem document: cut the download off, so the missing final chunk tells the
      // client it is incomplete (HTTP/1.1 closes the connection, HTTP/2 resets the stream).
      if (failure instanceof TimeoutException) {
        LOG.warn("Export of {} aborted: {} [{}]", dataset.pathName(), failure.getMessage(), RequestIds.of(ctx));
      } else {
        LOG.error("Export of {} failed after the response started [{}]", dataset.pathName(), RequestIds.of(ctx), failure);
      }
      response.reset();
    }
  }

  /**
   * Gives the database connection back: closes the cursor, ends the transaction (a rollback: it only
   * read, and a rollback also works after an error) and returns the connection to the pool.
   * Safe to call more than once.
   */
  private void release() {
    cancelStallTimer();
    SqlConnection c = conn;
    if (c == null) return;
    conn = null;
    RowStream<Row> r = rows;
    Transaction t = tx;
    rows = null;
    tx = null;
    Future<Void> cursorClosed = r == null ? Future.succeededFuture() : r.close();
    cursorClosed
        .transform(done -> t == null ? Future.<Void>succeededFuture() : t.rollback())
        .transform(done -> c.close())
        .onFailure(e -> LOG.warn("Closing the export connection failed: {}", e.getMessage()));
  }

  private void cancelStallTimer() {
    if (stallTimer >= 0) {
      ctx.vertx().cancelTimer(stallTimer);
      stallTimer = -1;
    }
  }

  private static Buffer newChunk() {
    return Buffer.buffer(CHUNK_BYTES + 4096);
  }
}
