package org.healthportal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time and run-queue wait of every process on this machine during a load phase, from Linux's
 * {@code /proc/<pid>/task/<tid>/schedstat}. Run-queue wait is time a thread was ready to run but
 * had no core: on a machine whose cores are shared by server, databases and load generator, it is
 * what separates "the service is slow" from "the service was not scheduled".
 */
final class SchedStats {

  /** One process or thread: its name at the last sample (kernel workers rename themselves as they take on work), CPU and wait ns. */
  private record Sample(String name, boolean thread, long cpu, long waited) {}

  private final long detailPid;
  private final Map<String, Sample> start;

  /** Also breaks {@code detailPid}'s figures down by thread (0 for none), and the generator's (this JVM's). */
  SchedStats(long detailPid) {
    this.detailPid = detailPid;
    this.start = sample();
  }

  /** Per process: CPU ms and run-queue wait ms since this object was made, busiest first. */
  String since() {
    Map<String, Sample> end = sample();
    StringBuilder out = new StringBuilder();
    end.entrySet().stream()
        .map(e -> {
          Sample before = start.get(e.getKey());
          Sample now = e.getValue();
          // Keyed by pid (and tid), not name: a process or thread born during the phase counts from zero.
          return new Sample(now.name(), now.thread(), now.cpu() - (before == null ? 0 : before.cpu()),
              now.waited() - (before == null ? 0 : before.waited()));
        })
        .filter(e -> e.cpu() > 50_000_000L)
        .sorted((a, b) -> Long.compare(b.cpu(), a.cpu()))
        .forEach(e -> out.append(String.format("  %-16s cpu %6d ms  waiting for a core %6d ms%n",
            (e.thread() ? "  " : "") + e.name(), e.cpu() / 1_000_000, e.waited() / 1_000_000)));
    return out.toString();
  }

  /** CPU ms of these processes since this object was made. */
  long cpuMillis(java.util.Set<Long> pids) {
    Map<String, Sample> end = sample();
    return pids.stream().mapToLong(pid -> {
      Sample now = end.get(String.valueOf(pid));
      Sample before = start.get(String.valueOf(pid));
      return now == null ? 0 : now.cpu() - (before == null ? 0 : before.cpu());
    }).sum() / 1_000_000;
  }

  private Map<String, Sample> sample() {
    Map<String, Sample> byProcess = new TreeMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(proc -> {
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
          String pid = proc.getFileName().toString();
          String name = label(proc) + "/" + pid;
          // The generator's threads too: its JIT compiler, once, took more CPU than its requests did.
          boolean generator = pid.equals(String.valueOf(ProcessHandle.current().pid()));
          boolean detail = generator || pid.equals(String.valueOf(detailPid));
          long[] total = new long[2];
          tasks.forEach(task -> {
            try {
              String[] fields = Files.readString(task.resolve("schedstat")).trim().split(" ");
              long cpu = Long.parseLong(fields[0]);
              long waited = Long.parseLong(fields[1]);
              total[0] += cpu;
              total[1] += waited;
              if (detail) {
                String tid = task.getFileName().toString();
                String thread = (generator ? "generator: " : "") + Files.readString(task.resolve("comm")).trim() + "/" + tid;
                byProcess.put(pid + "/" + tid, new Sample(thread, true, cpu, waited));
              }
            } catch (IOException | RuntimeException gone) {
              // the thread ended between listing and reading
            }
          });
          byProcess.put(pid, new Sample(name, false, total[0], total[1]));
        } catch (IOException | RuntimeException gone) {
          // the process ended between listing and reading
        }
      });
    } catch (IOException e) {
      return byProcess;
    }
    return byProcess;
  }

  /** The command name; for a JVM also which one: this benchmark (the load generator), Keycloak, or another. */
  private static String label(Path proc) throws IOException {
    String comm = Files.readString(proc.resolve("comm")).trim();
    if (!comm.equals("java")) return comm;
    if (proc.getFileName().toString().equals(String.valueOf(ProcessHandle.current().pid()))) return "java (generator)";
    String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
    return cmdline.contains("-Dkc.home.dir") ? "java (keycloak)" : "java";
  }
}
