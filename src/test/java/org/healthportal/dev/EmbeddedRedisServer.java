package org.healthportal.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/** A real redis-server binary (codemonstur embedded-redis), bound to loopback, for local runs and tests. */
public final class EmbeddedRedisServer implements AutoCloseable {

  private final int port;
  private RedisServer server;

  private EmbeddedRedisServer(int port) {
    this.port = port;
  }

  public static EmbeddedRedisServer start(int port) {
    EmbeddedRedisServer redis = new EmbeddedRedisServer(port);
    redis.startAgain();
    return redis;
  }

  /** (Re)starts the server on the same port; tests use it to simulate Redis coming back. */
  public synchronized void startAgain() {
    try {
      server = RedisServer.newRedisServer()
          .port(port)
          .bind("127.0.0.1")
          .setting("save \"\"")
          .setting("appendonly no")
          .setting("maxmemory 256mb")
          .setting("maxmemory-policy allkeys-lru")
          .onShutdownForceStop(true)
          .build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Embedded Redis did not start on port " + port, e);
    }
  }

  public synchronized void stop() {
    try {
      if (server != null) server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    stop();
  }
}
