package io.xaccount.kube;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Kubernetes API faults of the embedded API, for the chaos run: status writes answered {@code 409
 * Conflict} as a busy API server does, and slow answers. They hit only the requests carrying {@link
 * #token} (the operator's kubeconfig), never the sandbox's own client. {@link #onStatusWrite} is
 * told of each status write the API applied, before the answer leaves, so that a caller can stop
 * the writer while it still waits.
 */
public final class ApiFaults {
  /** No faults: what the sandbox and the benchmark use. */
  public static final ApiFaults NONE = new ApiFaults(null, 0);

  private final String token;
  private final Random random;
  private volatile double conflictRate;
  private volatile double slowRate;
  private volatile Duration slowBy = Duration.ZERO;
  private volatile Runnable onStatusWrite = () -> {};
  private volatile Consumer<RecordedRequest> onRequest = request -> {};
  public final AtomicLong conflicts = new AtomicLong();
  public final AtomicLong slowed = new AtomicLong();
  public final AtomicLong statusWrites = new AtomicLong();

  /**
   * @param token the bearer token whose requests get the faults
   * @param seed for reproducible choices
   */
  public ApiFaults(String token, long seed) {
    this.token = token;
    this.random = new Random(seed);
  }

  /** Answers this share of status writes {@code 409 Conflict} without applying them. */
  public ApiFaults conflicts(double rate) {
    this.conflictRate = rate;
    return this;
  }

  /** Answers this share of requests (watches excepted) {@code by} later. */
  public ApiFaults slow(double rate, Duration by) {
    this.slowRate = rate;
    this.slowBy = by;
    return this;
  }

  public ApiFaults onStatusWrite(Runnable hook) {
    this.onStatusWrite = hook;
    return this;
  }

  /** Tells {@code hook} of each request the API applied, before the answer leaves. */
  public ApiFaults onRequest(Consumer<RecordedRequest> hook) {
    this.onRequest = hook;
    return this;
  }

  public void clear() {
    conflictRate = 0;
    slowRate = 0;
  }

  /** The answer to give instead of applying the request, if any. */
  Optional<MockResponse> refuse(RecordedRequest request) {
    if (!targeted(request) || !isStatusWrite(request) || !chance(conflictRate)) {
      return Optional.empty();
    }
    conflicts.incrementAndGet();
    String body =
        """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"Conflict",\
        "code":409,"message":"Operation cannot be fulfilled: the object has been modified;\
         please apply your changes to the latest version and try again"}""";
    return Optional.of(
        new MockResponse()
            .setResponseCode(409)
            .setHeader("Content-Type", "application/json")
            .setBody(body));
  }

  /** The applied request's answer, slowed down or preceded by the status-write hook. */
  MockResponse answered(RecordedRequest request, MockResponse response) {
    if (!targeted(request) || response.getWebSocketListener() != null) {
      return response;
    }
    onRequest.accept(request);
    if (isStatusWrite(request) && response.code() < 300) {
      statusWrites.incrementAndGet();
      onStatusWrite.run();
    }
    if (chance(slowRate)) {
      slowed.incrementAndGet();
      response.setBodyDelay(slowBy);
    }
    return response;
  }

  private boolean targeted(RecordedRequest request) {
    return token != null && ("Bearer " + token).equals(request.getHeader("Authorization"));
  }

  private static boolean isStatusWrite(RecordedRequest request) {
    String path = request.getPath();
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    return bare.endsWith("/status")
        && ("PATCH".equals(request.getMethod()) || "PUT".equals(request.getMethod()));
  }

  private boolean chance(double rate) {
    if (rate <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < rate;
    }
  }
}
