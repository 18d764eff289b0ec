package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.ReadyStatus;
import io.xaccount.sandbox.OperatorPermissions;
import io.xaccount.sandbox.chaos.ChaosWorkload.Planned;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The chaos run's side of the Kubernetes API (through the sandbox's own client, which no fault
 * touches): namespaces, the ExternalId Secret, the AwsAccounts, and applying, changing, deleting
 * and reading the planned resources.
 */
final class ChaosCluster {
  static final String OPERATOR_NAMESPACE = "xaccount-system";
  static final List<String> TENANTS = List.of(ChaosWorkload.NAMESPACE, BadInputCorpus.NAMESPACE);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS =
      Map.of("CrossAccountRole", CrossAccountRole.class, "AssumeRoleGrant", AssumeRoleGrant.class);

  private final KubernetesClient client;

  ChaosCluster(KubernetesClient client) {
    this.client = client;
  }

  KubernetesClient client() {
    return client;
  }

  void setUp(String externalId) {
    for (String ns :
        List.of(
            OPERATOR_NAMESPACE,
            ChaosWorkload.NAMESPACE,
            BadInputCorpus.NAMESPACE,
            BadInputCorpus.DENIED_NAMESPACE)) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    for (String ns : TENANTS) {
      client
          .secrets()
          .inNamespace(ns)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(ChaosWorkload.EXTERNAL_ID_SECRET)
                  .withNamespace(ns)
                  .withLabels(Map.of("xaccount.io/external-id", "true"))
                  .endMetadata()
                  .withStringData(Map.of("externalId", externalId))
                  .build())
          .create();
    }
    for (int a = 0; a < ChaosWorkload.ACCOUNTS.size(); a++) {
      ObjectNode account = JSON.createObjectNode();
      account.put("apiVersion", "xaccount.io/v1alpha1").put("kind", "AwsAccount");
      account.putObject("metadata").put("name", ChaosWorkload.accountName(a));
      ObjectNode spec = account.putObject("spec");
      String id = ChaosWorkload.ACCOUNTS.get(a);
      spec.put("accountId", id);
      spec.putObject("credentials")
          .put("source", "AssumeRole")
          .putObject("assumeRole")
          .put("roleArn", "arn:aws:iam::" + id + ":role/" + OperatorPermissions.OPERATOR_ROLE);
      var names = spec.putObject("allowedNamespaces").putArray("names");
      TENANTS.forEach(names::add);
      // The workload deletes some roles and grants with Retain, which an account must allow.
      spec.putObject("guardrails").put("allowRetain", true);
      client.resource(JSON.convertValue(account, AwsAccount.class)).create();
    }
  }

  boolean accountsReady() {
    List<AwsAccount> accounts = client.resources(AwsAccount.class).list().getItems();
    return accounts.size() == ChaosWorkload.ACCOUNTS.size()
        && accounts.stream().allMatch(a -> reasonOf(a).equals(Optional.of("Verified")));
  }

  /** Creates the resource; a refusal by the API (a 422, say) is returned as its message. */
  Optional<String> apply(Planned planned) {
    try {
      client.resource(JSON.convertValue(planned.object(), KINDS.get(planned.kind()))).create();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.of(e.getCode() + " " + e.getStatus().getMessage());
    }
  }

  /** Edits the spec (as JSON) of a live resource; false when it is gone. */
  boolean edit(Planned planned, UnaryOperator<ObjectNode> change) {
    for (int attempt = 0; attempt < 5; attempt++) {
      CustomResource<?, ?> current = get(planned);
      if (current == null) {
        return false;
      }
      ObjectNode node = JSON.valueToTree(current);
      node.set("spec", change.apply((ObjectNode) node.get("spec").deepCopy()));
      node.remove("status");
      try {
        client.resource(JSON.convertValue(node, KINDS.get(planned.kind()))).update();
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("could not update " + planned.key());
  }

  void delete(Planned planned) {
    client
        .resources(KINDS.get(planned.kind()))
        .inNamespace(planned.namespace())
        .withName(planned.name())
        .delete();
  }

  CustomResource<?, ?> get(Planned planned) {
    return client
        .resources(KINDS.get(planned.kind()))
        .inNamespace(planned.namespace())
        .withName(planned.name())
        .get();
  }

  /** Every role and grant as it stands, by {@link Planned#key()}: one list per kind. */
  Map<String, CustomResource<?, ?>> snapshot() {
    Map<String, CustomResource<?, ?>> all = new java.util.HashMap<>();
    for (Class<? extends CustomResource<?, ?>> kind : KINDS.values()) {
      for (CustomResource<?, ?> r : client.resources(kind).inAnyNamespace().list().getItems()) {
        all.put(
            r.getKind() + " " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(),
            r);
      }
    }
    return all;
  }

  /**
   * Settled: gone when {@code gone}; else its status is for the current generation and its Ready
   * reason is one it may end with.
   */
  boolean settled(Planned planned, boolean gone) {
    return settled(planned, gone, get(planned));
  }

  /** The same, for the resource as {@link #snapshot} found it (null: not found). */
  static boolean settled(Planned planned, boolean gone, CustomResource<?, ?> resource) {
    if (gone || resource == null) {
      return gone && resource == null;
    }
    return current(resource) && reasonOf(resource).map(planned.ends()::contains).orElse(false);
  }

  /** The Ready reason, for the current generation only. */
  static Optional<String> reasonOf(CustomResource<?, ?> resource) {
    if (!(resource.getStatus() instanceof ReadyStatus status) || !current(resource)) {
      return Optional.empty();
    }
    return status.readyCondition().map(c -> c.getReason());
  }

  /** Ready, reason and message as they stand, for reports. */
  static String describe(CustomResource<?, ?> resource) {
    if (!(resource.getStatus() instanceof ReadyStatus status)) {
      return "no status";
    }
    String ready =
        status
            .readyCondition()
            .map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
            .orElse("no Ready condition");
    return (current(resource) ? "" : "(status of an older generation) ")
        + ready
        + (resource.getMetadata().getDeletionTimestamp() == null ? "" : " [terminating]");
  }

  static boolean current(CustomResource<?, ?> resource) {
    return resource.getStatus() instanceof ReadyStatus status
        && resource.getMetadata().getGeneration() != null
        && resource.getMetadata().getGeneration().equals(status.getObservedGeneration());
  }
}
