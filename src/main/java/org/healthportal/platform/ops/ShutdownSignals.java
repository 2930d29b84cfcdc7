package org.healthportal.platform.ops;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (Kubernetes, systemd) and SIGINT (Ctrl-C) start the orderly shutdown and exit 0 when it
 * is done. A JVM shutdown hook alone would not do: the JVM answers SIGTERM by exiting with 143,
 * which an orchestrator reports as a failure, and hooks run with the rest of the JVM already
 * tearing down. A second signal during the shutdown exits at once.
 */
public final class ShutdownSignals {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  public static void install(Supplier<Future<Void>> shutdown) {
    AtomicBoolean started = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        if (!started.compareAndSet(false, true)) {
          LOG.warn("SIG{} again during shutdown: exiting now", signal.getName());
          Runtime.getRuntime().halt(1);
        }
        LOG.info("SIG{} received", signal.getName());
        // Not on the signal thread: the shutdown waits, and the JVM's signal dispatch must not.
        Thread stopper = new Thread(() -> {
          int status = 0;
          try {
            shutdown.get().toCompletionStage().toCompletableFuture().join();
          } catch (RuntimeException e) {
            LOG.error("Shutdown did not complete cleanly", e);
            status = 1;
          }
          System.exit(status);
        }, "shutdown");
        stopper.start();
      });
    }
  }
}
