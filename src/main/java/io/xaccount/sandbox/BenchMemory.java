package io.xaccount.sandbox;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory and CPU at steady state, of the operator alone when it runs as its own process ({@code
 * bench --operator-process}), else of the whole benchmark JVM: the operator with the embedded
 * Kubernetes API's store, the emulator's IAM and the benchmark's own watches.
 *
 * @param measured what the figures are of, as the report says it
 */
public record BenchMemory(String measured, long heapAfterGcBytes, long rssKiB, double cpuSeconds) {
  static final String WHOLE_JVM =
      "whole benchmark JVM: operator, embedded Kubernetes API, emulator, benchmark";
  static final String OPERATOR = "operator process";

  /** This JVM after a full collection. */
  public static BenchMemory ofThisJvm() {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    double cpu =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9;
    return new BenchMemory(WHOLE_JVM, heap, rssKiB(ProcessHandle.current().pid()), cpu);
  }

  /** {@code VmRSS} of process {@code pid}; 0 where there is no {@code /proc}. */
  static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no RSS figure
    }
    return 0;
  }
}
