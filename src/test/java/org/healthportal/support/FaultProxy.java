package org.healthportal.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of a real service, to make it fail on demand:
 * <ul>
 *   <li>{@link #freeze()}: connections stay open but no byte moves, as with a server that hangs or
 *       a network that silently drops packets (a black hole);</li>
 *   <li>{@link #refuse()}: open connections are reset and new ones are reset at once, as while a
 *       server restarts;</li>
 *   <li>{@link #delay(long)}: every chunk is held back, as with a slow server or network.</li>
 * </ul>
 * It also counts round trips ({@link #countTurns}), for tests of how many a request costs.
 * Threads are daemons and everything closes with the proxy.
 */
public final class FaultProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean frozen;
  private volatile boolean refusing;
  private volatile long delayMs;
  private volatile long answerDelayMs;
  private final java.util.concurrent.atomic.AtomicInteger turns = new java.util.concurrent.atomic.AtomicInteger();

  /** When a connection's client last began sending, and when it was last given an answer (System.nanoTime). */
  private static final class Conversation {
    volatile long turnStarted;
    volatile long answered;
  }

  public FaultProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "stalling-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** From now on nothing is forwarded, and new connections are accepted but never answered. */
  public void freeze() {
    frozen = true;
  }

  public void thaw() {
    frozen = false;
  }

  /** Resets every open connection and every new one until {@link #restore()}. */
  public void refuse() {
    refusing = true;
    sockets.forEach(FaultProxy::reset);
    sockets.clear();
  }

  /** Back to forwarding normally: no freeze, no refusal, no delay. */
  public void restore() {
    refusing = false;
    frozen = false;
    delayMs = 0;
    answerDelayMs = 0;
  }

  /** Holds back each chunk for {@code ms} before forwarding it. */
  public void delay(long ms) {
    delayMs = ms;
  }

  /**
   * Counts round trips from now on: a client's turn begins each time one of its connections sends
   * after it was given an answer (whatever it sends before that, pipelined, is the same turn).
   * Answers are held back {@code answerDelayMs}, so that pipelined bytes the proxy happens to read
   * late are never taken for a client that waited.
   */
  public void countTurns(long answerDelayMs) {
    this.answerDelayMs = answerDelayMs;
    turns.set(0);
  }

  /** Turns since {@link #countTurns}, over all connections. */
  public int turns() {
    return turns.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (refusing) {
          reset(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        Conversation conversation = new Conversation();
        pump(client, upstream, conversation, true);
        pump(upstream, client, conversation, false);
      } catch (IOException e) {
        // closed, or the target is down: the client sees its connection reset
      }
    }
  }

  private void pump(Socket from, Socket to, Conversation conversation, boolean fromClient) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        while (true) {
          while (frozen) Thread.sleep(10);
          int n = in.read(buffer);
          if (n < 0) break;
          while (frozen) Thread.sleep(10);
          if (delayMs > 0) Thread.sleep(delayMs);
          if (fromClient && conversation.answered >= conversation.turnStarted) {
            conversation.turnStarted = System.nanoTime();
            turns.incrementAndGet();
          }
          if (!fromClient) {
            if (answerDelayMs > 0) Thread.sleep(answerDelayMs);
            conversation.answered = System.nanoTime(); // before the client can have it
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "stalling-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Closes with an RST rather than a FIN: the peer sees "connection reset". */
  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // closing anyway
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    frozen = false;
    server.close();
    sockets.forEach(FaultProxy::closeQuietly);
  }
}
