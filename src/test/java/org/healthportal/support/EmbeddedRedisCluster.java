package org.healthportal.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis Cluster of three masters and three replicas: six processes of the redis-server
 * binary that embedded-redis ships (no Docker, no redis-cli), bound to 127.0.0.1, each in a folder
 * of its own under {@code dir}. The cluster is formed here with CLUSTER MEET, ADDSLOTS and
 * REPLICATE, as redis-cli would. A master that stops answering is replaced by its replica after
 * {@code cluster-node-timeout}; a killed node started again rejoins from its {@code nodes.conf}.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

  private static final int MASTERS = 3;
  private static final int SLOTS = 16_384;

  private final Path dir;
  private final Path binary;
  private final int nodeTimeoutMs;
  private final List<Integer> ports;
  private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
  private final RedisClient client = RedisClient.create();

  private EmbeddedRedisCluster(Path dir, Path binary, int nodeTimeoutMs, List<Integer> ports) {
    this.dir = dir;
    this.binary = binary;
    this.nodeTimeoutMs = nodeTimeoutMs;
    this.ports = ports;
  }

  /** Starts six nodes, forms the cluster and waits until every node reports it healthy. */
  public static EmbeddedRedisCluster start(Path dir, int nodeTimeoutMs) {
    long began = System.nanoTime();
    try {
      Path binary = ExecutableProvider.newJarResourceProvider().get().toPath();
      List<Integer> ports = new ArrayList<>();
      while (ports.size() < 2 * MASTERS) {
        int port = freePortWithFreeBus();
        if (!ports.contains(port)) ports.add(port);
      }
      EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(dir, binary, nodeTimeoutMs, ports);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-stop"));
      ports.forEach(cluster::startNode);
      cluster.form();
      System.out.printf("Redis Cluster (3 masters, 3 replicas) on ports %s ready in %d ms%n", ports, (System.nanoTime() - began) / 1_000_000);
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException("The Redis Cluster did not start", e);
    }
  }

  /** {@code host:port} of every node, comma-separated: the value of {@code redis.cluster-nodes}. */
  public String seeds() {
    return String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** Kills a node's process at once (SIGKILL: no goodbye to the other nodes) and waits until it has gone. */
  public void kill(int port) {
    Process process = processes.remove(port);
    if (process == null) return;
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a killed node again; it rejoins with its old identity (as a replica when it was failed over). */
  public void restart(int port) {
    startNode(port);
  }

  /** Runs {@code action} on a fresh connection to one node (the node answers for itself, no redirects). */
  public <T> T onNode(int port, java.util.function.Function<RedisCommands<String, String>, T> action) {
    try (StatefulRedisConnection<String, String> conn = client.connect(RedisURI.create("redis://127.0.0.1:" + port))) {
      conn.setTimeout(Duration.ofSeconds(2));
      return action.apply(conn.sync());
    }
  }

  /**
   * The value of {@code key} as the node on {@code port} holds it, master or replica (a replica
   * answers once READONLY; without it, it would redirect to its master).
   */
  public String get(int port, String key) {
    return onNode(port, c -> {
      c.readOnly();
      return c.get(key);
    });
  }

  /** Whether the node on {@code port} is a master now. */
  public boolean isMaster(int port) {
    return onNode(port, c -> c.info("replication")).contains("role:master");
  }

  /**
   * The port of the master that serves {@code slot} now, as the live node on {@code askPort} sees it,
   * or -1 while none does (its master is suspected or known to have failed, and no replica has taken
   * over yet).
   */
  public int masterOf(int slot, int askPort) {
    for (String line : onNode(askPort, RedisCommands::clusterNodes).split("\n")) {
      String[] f = line.split(" ");
      if (!f[2].contains("master") || f[2].contains("fail")) continue;
      for (int i = 8; i < f.length; i++) {
        String[] range = f[i].split("-");
        if (range[0].startsWith("[")) continue;
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) return port(f[1]);
      }
    }
    return -1;
  }

  /** Ports of the replicas of the master on {@code masterPort}, as the node on {@code askPort} sees them. */
  public List<Integer> replicasOf(int masterPort, int askPort) {
    String masterId = onNode(masterPort, RedisCommands::clusterMyId);
    List<Integer> replicas = new ArrayList<>();
    for (String line : onNode(askPort, RedisCommands::clusterNodes).split("\n")) {
      String[] f = line.split(" ");
      if (f[2].contains("slave") && !f[2].contains("fail") && f[3].equals(masterId)) replicas.add(port(f[1]));
    }
    return replicas;
  }

  /** Whether the cluster is healthy and every replica is in sync with its master. */
  public boolean whole() {
    return healthy() && processes.keySet().stream().allMatch(p -> {
      String replication = onNode(p, c -> c.info("replication"));
      return replication.contains("role:master") || replication.contains("master_link_status:up");
    });
  }

  /** Whether every running node says the cluster is ok and sees every running node as healthy. */
  public boolean healthy() {
    for (int port : processes.keySet()) {
      try {
        if (!onNode(port, RedisCommands::clusterInfo).contains("cluster_state:ok")) return false;
        long live = onNode(port, RedisCommands::clusterNodes).lines().filter(l -> !l.contains("fail")).count();
        if (live != processes.size()) return false;
      } catch (RuntimeException notYet) {
        return false;
      }
    }
    return true;
  }

  private void form() {
    List<String> ids = ports.stream().map(p -> onNode(p, RedisCommands::clusterMyId)).toList();
    for (int port : ports.subList(1, ports.size())) onNode(ports.get(0), c -> c.clusterMeet("127.0.0.1", port));
    for (int m = 0; m < MASTERS; m++) {
      int from = m * SLOTS / MASTERS;
      int to = (m + 1) * SLOTS / MASTERS;
      onNode(ports.get(m), c -> c.clusterAddSlots(IntStream.range(from, to).toArray()));
    }
    // A node can replicate only a master it already knows of.
    Poll.until("every node knows the six nodes", Duration.ofSeconds(30),
        () -> ports.stream().allMatch(p -> onNode(p, RedisCommands::clusterNodes).lines().count() == ports.size()));
    for (int r = 0; r < MASTERS; r++) {
      String masterId = ids.get(r);
      onNode(ports.get(MASTERS + r), c -> c.clusterReplicate(masterId));
    }
    Poll.until("the cluster is ok on every node and every replica is in sync", Duration.ofSeconds(60), this::whole);
  }

  private void startNode(int port) {
    Path home = dir.resolve(String.valueOf(port));
    try {
      Files.createDirectories(home);
      Path conf = home.resolve("redis.conf");
      Files.writeString(conf, String.join("\n",
          "port " + port,
          "bind 127.0.0.1",
          "dir " + home.toAbsolutePath(),
          "cluster-enabled yes",
          "cluster-config-file nodes.conf",
          "cluster-node-timeout " + nodeTimeoutMs,
          "cluster-announce-ip 127.0.0.1",
          // A replica takes over however long its link was down (tests kill masters on purpose).
          "cluster-replica-validity-factor 0",
          // A cache: the shards still up keep serving while one fails over.
          "cluster-require-full-coverage no",
          "save \"\"",
          "appendonly no",
          "maxmemory 64mb",
          "maxmemory-policy allkeys-lru",
          "logfile " + home.resolve("redis.log").toAbsolutePath(),
          ""));
      Process process = new ProcessBuilder(binary.toString(), conf.toString()).redirectErrorStream(true)
          .redirectOutput(home.resolve("stdout.log").toFile()).start();
      processes.put(port, process);
      Poll.until("redis-server on port " + port + " answers", Duration.ofSeconds(20), () -> {
        if (!process.isAlive()) throw new IllegalStateException("redis-server on port " + port + " exited; see " + home.resolve("redis.log"));
        try {
          return "PONG".equals(onNode(port, RedisCommands::ping));
        } catch (RuntimeException notYet) {
          return false;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int port(String address) {
    // 127.0.0.1:7000@17000
    return Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
  }

  /** A free port whose cluster bus port (port + 10000) is free too. */
  private static int freePortWithFreeBus() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = TestEnv.freePort();
      try (ServerSocket bus = new ServerSocket(port + 10_000)) {
        return port;
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IllegalStateException("No free port pair for a cluster node");
  }

  @Override
  public void close() {
    processes.keySet().forEach(this::kill);
    client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
  }
}
