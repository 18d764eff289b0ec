package io.xaccount.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as its own process, deployed as in production: {@code java -jar quarkus-run.jar}
 * with a kubeconfig and the AWS SDK's environment (endpoint, keys, region), leader election on, a
 * fixed pod name. It can be killed with SIGKILL and started again, as a kubelet restarts a
 * container; each life writes {@code operator-<n>.log}.
 */
public final class OperatorChild {
  private static final Pattern RESULT =
      Pattern.compile(
          "^xaccount_reconcile_results_total\\{([^}]*)}\\s+([0-9.eE+]+)$", Pattern.MULTILINE);

  private final Path jar;
  private final Path dir;
  private final Map<String, String> environment;
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private int lives;

  /**
   * @param environment the operator's environment besides {@code QUARKUS_HTTP_PORT}
   */
  public OperatorChild(Path jar, Path dir, Map<String, String> environment) {
    this.jar = jar;
    this.dir = dir;
    this.environment = environment;
    this.httpPort = freePort();
  }

  /** The jar this process runs from: the operator child runs the very same one. */
  public static Path thisJar() {
    String path = System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0];
    return Path.of(path).toAbsolutePath();
  }

  /**
   * What a deployment gives the operator: a kubeconfig, and the AWS SDK's own environment
   * (endpoint, the base identity's keys, region); the pod name, which a restarted container keeps
   * (and with it the leader lease).
   */
  public static Map<String, String> environment(Path kubeconfig, EmulatedAws aws) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    env.put("AWS_ENDPOINT_URL", aws.endpoint());
    env.put("AWS_ACCESS_KEY_ID", aws.operatorKeys().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", aws.operatorKeys().secretAccessKey());
    env.put("AWS_REGION", "us-east-1");
    env.put("HOSTNAME", "xaccount-operator-0");
    OperatorProperties.pace(aws)
        .forEach((name, value) -> env.put(name.toUpperCase().replaceAll("[.-]", "_"), value));
    return env;
  }

  public synchronized void start() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Its temporary files (Vert.x caches) inside this process's scratch folder: a life ended by
    // SIGKILL cannot remove them itself.
    String tmp = "-Djava.io.tmpdir=" + ScratchDir.get().toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", tmp, "-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
    builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    lives++;
    builder.redirectErrorStream(true);
    builder.redirectOutput(dir.resolve("operator-" + lives + ".log").toFile());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no graceful end of reconciles or requests in flight. */
  public synchronized void kill() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The exit code of the current life, when it has ended. */
  public synchronized Integer exitCode() {
    return process == null || process.isAlive() ? null : process.exitValue();
  }

  public synchronized int lives() {
    return lives;
  }

  /** True once the operator answers its readiness probe. */
  boolean isReady() {
    return get("/q/health/ready").map(r -> r.statusCode() == 200).orElse(false);
  }

  /**
   * Reconciles this life has finished per kind ({@code xaccount_reconcile_results_total} summed
   * over reasons); empty before the operator serves metrics.
   */
  public Map<String, Long> reconciles() {
    var response = get("/q/metrics").filter(r -> r.statusCode() == 200);
    if (response.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> byKind = new java.util.TreeMap<>();
    Matcher m = RESULT.matcher(response.get().body());
    while (m.find()) {
      Matcher kind = Pattern.compile("kind=\"([^\"]*)\"").matcher(m.group(1));
      if (kind.find()) {
        byKind.merge(kind.group(1), (long) Double.parseDouble(m.group(2)), Long::sum);
      }
    }
    return byKind;
  }

  /**
   * The operator's live heap: {@code jcmd <pid> GC.class_histogram} collects fully and counts what
   * survives (its total line), so that nothing the running operator allocates after the collection
   * is counted; with its RSS and CPU time.
   */
  public BenchMemory memoryAfterGc() throws IOException, InterruptedException {
    Process current;
    synchronized (this) {
      current = process;
    }
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process histogram =
        new ProcessBuilder(jcmd, String.valueOf(current.pid()), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String output = new String(histogram.getInputStream().readAllBytes());
    if (!histogram.waitFor(120, TimeUnit.SECONDS) || histogram.exitValue() != 0) {
      throw new IOException("jcmd GC.class_histogram failed on the operator: " + output);
    }
    Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(output);
    if (!total.find()) {
      throw new IOException("no total in the operator's class histogram");
    }
    double cpu = current.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0);
    return new BenchMemory(
        BenchMemory.OPERATOR,
        Long.parseLong(total.group(1)),
        BenchMemory.rssKiB(current.pid()),
        cpu);
  }

  /** The heap in use as the operator reports it ({@code jvm_memory_used_bytes{area="heap"}}). */
  public long heapUsed() {
    var response = get("/q/metrics").filter(r -> r.statusCode() == 200);
    long sum = 0;
    if (response.isPresent()) {
      Matcher m =
          Pattern.compile(
                  "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+([0-9.eE+]+)$",
                  Pattern.MULTILINE)
              .matcher(response.get().body());
      while (m.find()) {
        sum += (long) Double.parseDouble(m.group(1));
      }
    }
    return sum;
  }

  private java.util.Optional<HttpResponse<String>> get(String path) {
    try {
      return java.util.Optional.of(
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
