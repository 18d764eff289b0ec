package io.xaccount.operator.reconciler.role;

import static io.xaccount.operator.testsupport.EmulatorResource.emulator;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.InlinePolicy;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.Resources;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/** What the CrossAccountRole tests share: resources, waiting for conditions, call log views. */
abstract class RoleTestSupport {
  static final String NAMESPACE = "platform";

  @Inject KubernetesClient client;

  @AfterEach
  void deleteEverything() {
    Resources.deleteAll(client);
  }

  /** Creates an AwsAccount and waits until it is verified. */
  void account(String name, String accountId) {
    client.resource(Resources.account(name, accountId, NAMESPACE)).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> readyStatus(client.resources(AwsAccount.class).withName(name).get()),
            "True"::equals);
  }

  /**
   * Makes the operator reconcile every role of the account without changing any role: a spec change
   * of the AwsAccount reaches the roles through their account event source.
   */
  void touchAccount(String name, String extraNamespace) {
    Edits.retrying(
        client.resources(AwsAccount.class).withName(name),
        a -> {
          a.getSpec().getAllowedNamespaces().getNames().add(extraNamespace);
          return a;
        });
  }

  CrossAccountRole create(CrossAccountRole role) {
    return client.resource(role).create();
  }

  CrossAccountRole get(String name) {
    return client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName(name).get();
  }

  CrossAccountRole edit(String name, UnaryOperator<CrossAccountRole> change) {
    return Edits.retrying(
        client.resources(CrossAccountRole.class).inNamespace(NAMESPACE).withName(name), change);
  }

  Condition awaitReason(String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ready(name), c -> c != null && reason.equals(c.getReason()));
  }

  /** Waits until the role is Ready for its current generation. */
  CrossAccountRole awaitConverged(String name) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> get(name),
            r ->
                r != null
                    && r.getStatus() != null
                    && r.getStatus()
                        .readyCondition()
                        .filter(c -> "True".equals(c.getStatus()))
                        .filter(
                            c -> r.getMetadata().getGeneration().equals(c.getObservedGeneration()))
                        .isPresent());
  }

  /** Waits until the resource has not changed for a second: the operator has gone quiet. */
  CrossAccountRole awaitSettled(String name) {
    String[] last = {""};
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(1000))
        .until(
            () -> {
              String now = get(name).getMetadata().getResourceVersion();
              boolean same = now.equals(last[0]);
              last[0] = now;
              return same;
            });
    return get(name);
  }

  Condition ready(String name) {
    CrossAccountRole role = get(name);
    return role == null || role.getStatus() == null
        ? null
        : role.getStatus().readyCondition().orElse(null);
  }

  /** IAM calls in {@code accountId} since the mark. */
  static List<Call> iamCalls(long mark, String accountId) {
    return emulator().calls().since(mark).stream()
        .filter(c -> c.service().equals("iam") && accountId.equals(c.accountId()))
        .toList();
  }

  static List<String> writeActions(long mark, String accountId) {
    return iamCalls(mark, accountId).stream()
        .filter(Call::isWrite)
        .filter(Call::succeeded)
        .map(Call::action)
        .toList();
  }

  List<String> eventMessages(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(Event::getMessage)
        .toList();
  }

  /** An inline policy denying {@code action} on everything. */
  static InlinePolicy inline(String name, String action) {
    return inline(name, "Deny", action, "*");
  }

  /** An inline policy of one statement. */
  static InlinePolicy inline(String name, String effect, String action, String resource) {
    InlinePolicy policy = new InlinePolicy();
    policy.setName(name);
    policy.setDocument(
        new ObjectMapper()
            .valueToTree(
                Map.of(
                    "Version",
                    "2012-10-17",
                    "Statement",
                    List.of(Map.of("Effect", effect, "Action", action, "Resource", resource)))));
    return policy;
  }

  private static String readyStatus(AwsAccount account) {
    return account == null || account.getStatus() == null
        ? null
        : account.getStatus().readyCondition().map(Condition::getStatus).orElse(null);
  }
}
