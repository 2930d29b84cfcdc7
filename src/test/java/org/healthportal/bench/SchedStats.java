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

  private final long detailPid;
  private final Map<String, long[]> start;

  /** Also breaks {@code detailPid}'s figures down by thread (0 for none). */
  SchedStats(long detailPid) {
    this.detailPid = detailPid;
    this.start = sample();
  }

  /** Per process (command name): CPU ms and run-queue wait ms since this object was made, busiest first. */
  String since() {
    Map<String, long[]> end = sample();
    StringBuilder out = new StringBuilder();
    end.entrySet().stream()
        .map(e -> {
          long[] before = start.getOrDefault(e.getKey(), new long[2]);
          return Map.entry(e.getKey(), new long[] {e.getValue()[0] - before[0], e.getValue()[1] - before[1]});
        })
        .filter(e -> e.getValue()[0] > 50_000_000L)
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .forEach(e -> out.append(String.format("  %-16s cpu %6d ms  waiting for a core %6d ms%n",
            e.getKey(), e.getValue()[0] / 1_000_000, e.getValue()[1] / 1_000_000)));
    return out.toString();
  }

  /** CPU ms of these processes since this object was made. */
  long cpuMillis(java.util.Set<Long> pids) {
    return sample().entrySet().stream()
        .filter(e -> !e.getKey().startsWith(" ") && pids.contains(Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('/') + 1))))
        .mapToLong(e -> e.getValue()[0] - start.getOrDefault(e.getKey(), new long[2])[0])
        .sum() / 1_000_000;
  }

  private Map<String, long[]> sample() {
    Map<String, long[]> byProcess = new TreeMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(proc -> {
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
          String name = Files.readString(proc.resolve("comm")).trim() + "/" + proc.getFileName();
          long[] total = byProcess.computeIfAbsent(name, k -> new long[2]);
          boolean detail = proc.getFileName().toString().equals(String.valueOf(detailPid));
          tasks.forEach(task -> {
            try {
              String[] fields = Files.readString(task.resolve("schedstat")).trim().split(" ");
              total[0] += Long.parseLong(fields[0]);
              total[1] += Long.parseLong(fields[1]);
              if (detail) {
                long[] thread = byProcess.computeIfAbsent("  " + Files.readString(task.resolve("comm")).trim() + "/" + task.getFileName(), k -> new long[2]);
                thread[0] += Long.parseLong(fields[0]);
                thread[1] += Long.parseLong(fields[1]);
              }
            } catch (IOException | RuntimeException gone) {
              // the thread ended between listing and reading
            }
          });
        } catch (IOException | RuntimeException gone) {
          // the process ended between listing and reading
        }
      });
    } catch (IOException e) {
      return byProcess;
    }
    return byProcess;
  }
}
