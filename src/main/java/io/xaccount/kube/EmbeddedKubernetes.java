package io.xaccount.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.xaccount.sandbox.Crds;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * An in-process Kubernetes API: the Fabric8 mock server in CRUD mode over plain HTTP on the
 * loopback interface, with our CRDs installed and the discovery kubectl needs.
 */
public final class EmbeddedKubernetes implements AutoCloseable {
  private final KubernetesMockServer server;
  private final Crds crds;
  private final KubernetesClient client;
  private final StreamingFront front;
  private final Thread journalDrain;

  private EmbeddedKubernetes(KubernetesMockServer server, Crds crds) {
    this.server = server;
    this.crds = crds;
    this.client = new KubernetesClientBuilder().withConfig(config()).build();
    this.front = StreamingFront.start(url(), crds);
    this.journalDrain = new Thread(this::drainJournal, "sandbox-api-journal");
    journalDrain.setDaemon(true);
    journalDrain.start();
  }

  /**
   * The mock server journals every request it answers, bodies included, for tests to take; nobody
   * takes them here, and a sandbox, a benchmark or a chaos run that lives for hours would keep them
   * all (hundreds of MiB at 10,000 resources).
   */
  private void drainJournal() {
    try {
      while (true) {
        server.takeRequest();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static EmbeddedKubernetes start() {
    return start(ApiFaults.NONE);
  }

  /** The same API, with {@code faults} on the requests they target. */
  public static EmbeddedKubernetes start(ApiFaults faults) {
    Crds crds = Crds.load();
    MockWebServer web = new MockWebServer();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), web, new HashMap<>(), new DiscoveryDispatcher(crds, faults), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    WholeFrames.apply(web);
    EmbeddedKubernetes kubernetes = new EmbeddedKubernetes(server, crds);
    crds.definitions().forEach(crd -> kubernetes.client.resource(crd).create());
    // Every cluster has it; the operator takes its uid as the cluster identity in ownership tags.
    kubernetes
        .client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build())
        .create();
    return kubernetes;
  }

  /** {@code http://127.0.0.1:<port>} */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  public Crds crds() {
    return crds;
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
    journalDrain.interrupt();
    front.close();
    client.close();
    server.destroy();
  }
}
