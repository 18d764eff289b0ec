package io.xaccount.operator.testsupport;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.function.Consumer;

/**
 * Gives the mock API server what every cluster has and the operator relies on: the {@code
 * kube-system} Namespace, whose uid is the cluster identity in ownership tags. Every test class
 * names this setup identically, so that Quarkus boots the application once.
 */
public final class KubeSystem implements Consumer<KubernetesServer> {
  @Override
  public void accept(KubernetesServer server) {
    server
        .getClient()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build())
        .create();
  }
}
