package io.xaccount.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.xaccount.kube.Admission.FieldValidation;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Kubernetes API serving the built-in kinds the sandbox needs and the CRDs it is
 * given, over plain HTTP on the loopback interface: the Fabric8 mock web server's transport (HTTP
 * and the WebSocket watches of Fabric8 clients) in front of this package's store, write path and
 * watches, and a second port for kubectl that streams HTTP watches.
 */
public final class EmbeddedKubernetes implements AutoCloseable {
  private static final List<String> BUILT_IN_NAMESPACES =
      List.of("default", "kube-system", "kube-public", "kube-node-lease");

  /**
   * The mock web server logs every request and answer at INFO: thousands a second in a benchmark.
   * Held here, because java.util.logging keeps its loggers (and their levels) only weakly.
   */
  private static final java.util.logging.Logger TRANSPORT_LOG = quiet();

  private final MockWebServer web;
  private final Store store;
  private final StreamingFront front;
  private final KubernetesClient client;
  private final Thread journalDrain;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "sandbox-api-watches");
            thread.setDaemon(true);
            return thread;
          });

  private EmbeddedKubernetes(MockWebServer web, Store store, StreamingFront front) {
    this.web = web;
    this.store = store;
    this.front = front;
    this.client = new KubernetesClientBuilder().withConfig(config()).build();
    this.journalDrain = new Thread(this::drainJournal, "sandbox-api-journal");
    journalDrain.setDaemon(true);
    journalDrain.start();
    ticker.scheduleWithFixedDelay(
        () ->
            store.locked(
                () -> {
                  store.watches().tick(store.revision(), Instant.now());
                  return null;
                }),
        5,
        5,
        TimeUnit.SECONDS);
  }

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(MockWebServer.class.getName());
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }

  /** The API with {@code crds} installed. */
  public static EmbeddedKubernetes start(List<CustomResourceDefinition> crds) {
    return start(crds, ApiFaults.NONE);
  }

  /** The same API, with {@code faults} on the requests they target. */
  public static EmbeddedKubernetes start(List<CustomResourceDefinition> crds, ApiFaults faults) {
    ResourceTypes types = new ResourceTypes(crds);
    Store store = new Store(new WatchHub());
    Namespaces namespaces = new Namespaces(store, types);
    Writes writes = new Writes(store, namespaces);
    // What every cluster has; the operator takes kube-system's uid as the cluster identity.
    for (String name : BUILT_IN_NAMESPACES) {
      ObjectNode namespace = JsonNodeFactory.instance.objectNode();
      namespace.putObject("metadata").put("name", name);
      writes.create(
          namespaces.type(),
          null,
          new Bodies.Body(namespace, List.of()),
          FieldValidation.STRICT,
          false);
    }
    ResourceType definitions =
        types.byPath("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
    for (CustomResourceDefinition crd : crds) {
      ObjectNode object = Serialization.jsonMapper().valueToTree(crd);
      writes.create(
          definitions, null, new Bodies.Body(object, List.of()), FieldValidation.IGNORE, false);
    }
    ApiDispatcher dispatcher = new ApiDispatcher(types, new ResourceHandler(store, writes), faults);
    MockWebServer web = new MockWebServer();
    web.setDispatcher(dispatcher);
    web.start(InetAddress.getLoopbackAddress(), 0);
    WholeFrames.apply(web);
    return new EmbeddedKubernetes(web, store, StreamingFront.start(dispatcher, store, types));
  }

  /**
   * The mock web server journals every request it answers, bodies included, for tests to take;
   * nobody takes them here, and a sandbox, a benchmark or a chaos run that lives for hours would
   * keep them all (hundreds of MiB at 10,000 resources).
   */
  private void drainJournal() {
    try {
      while (true) {
        web.takeRequest();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code http://127.0.0.1:<port>}: where Fabric8 clients (the operator) connect. */
  public String url() {
    return "http://" + web.getHostName() + ":" + web.getPort();
  }

  /** A client for the sandbox's own work (applying manifests, reading status). */
  public KubernetesClient client() {
    return client;
  }

  /** Where kubectl and other clients connect: the front that also streams plain HTTP watches. */
  public String clientUrl() {
    return front.url();
  }

  /** Writes a kubeconfig for kubectl and other clients: no credentials, namespace default. */
  public Path writeKubeconfig(Path file) throws IOException {
    return writeKubeconfig(file, clientUrl(), "sandbox", "default");
  }

  /** A kubeconfig naming {@code server}, a bearer {@code token} and a default namespace. */
  public static Path writeKubeconfig(Path file, String server, String token, String namespace)
      throws IOException {
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: xaccount-sandbox
          cluster:
            server: %s
        users:
        - name: xaccount-sandbox
          user:
            token: %s
        contexts:
        - name: xaccount-sandbox
          context:
            cluster: xaccount-sandbox
            user: xaccount-sandbox
            namespace: %s
        current-context: xaccount-sandbox
        """
            .formatted(server, token, namespace);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, kubeconfig);
    return file;
  }

  private Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withTrustCerts(true)
        .withRequestTimeout(10_000)
        .build();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    journalDrain.interrupt();
    store.locked(
        () -> {
          store.watches().endAll();
          return null;
        });
    front.close();
    client.close();
    web.shutdown();
  }
}
