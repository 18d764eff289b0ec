package io.xaccount.operator.testsupport;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import java.time.Duration;

/** Waiting for the operator's Ready conditions, the same way in every end-to-end test. */
public final class Ready {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Ready() {}

  /** The Ready condition of a resource, or null while it has none (or does not exist). */
  public static Condition of(CustomResource<?, ? extends ReadyStatus> resource) {
    return resource == null || resource.getStatus() == null
        ? null
        : resource.getStatus().readyCondition().orElse(null);
  }

  /** Creates the AwsAccount and waits until it is verified. */
  public static AwsAccount createAccount(KubernetesClient client, AwsAccount account) {
    client.resource(account).create();
    String name = account.getMetadata().getName();
    return await()
        .atMost(WAIT)
        .until(() -> client.resources(AwsAccount.class).withName(name).get(), a -> isTrue(of(a)));
  }

  /** Creates the CrossAccountRole and waits until it is Ready. */
  public static CrossAccountRole createRole(KubernetesClient client, CrossAccountRole role) {
    client.resource(role).create();
    return await()
        .atMost(WAIT)
        .until(
            () ->
                client
                    .resources(CrossAccountRole.class)
                    .inNamespace(role.getMetadata().getNamespace())
                    .withName(role.getMetadata().getName())
                    .get(),
            r -> isTrue(of(r)));
  }

  private static boolean isTrue(Condition condition) {
    return condition != null && "True".equals(condition.getStatus());
  }
}
