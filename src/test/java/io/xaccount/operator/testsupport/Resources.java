package io.xaccount.operator.testsupport;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xaccount.operator.api.v1alpha1.AccountCredentials;
import io.xaccount.operator.api.v1alpha1.AllowedNamespaces;
import io.xaccount.operator.api.v1alpha1.AssumeRoleCredentials;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.AwsAccountSpec;
import io.xaccount.operator.api.v1alpha1.CredentialSource;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.GrantTarget;
import io.xaccount.operator.api.v1alpha1.RoleRef;
import io.xaccount.operator.api.v1alpha1.Trust;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Builders for the custom resources tests apply. */
public final class Resources {
  private Resources() {}

  /** A namespace (tenant) and an AwsAccount allowing it, created in {@code client}'s cluster. */
  public static void tenant(
      KubernetesClient client, String namespace, String accountName, String accountId) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .endMetadata()
                .build())
        .create();
    client.resource(account(accountName, accountId, namespace)).create();
  }

  /** What the seed's Prod account lists: any AWS managed policy, PowerUserAccess exactly. */
  public static final List<String> SEED_MANAGED_POLICIES =
      List.of("arn:aws:iam::aws:policy/*", "arn:aws:iam::aws:policy/PowerUserAccess");

  /**
   * An AwsAccount that assumes {@code xaccount-operator} in the account, allowing namespaces, with
   * the seed's managed-policy guardrail: AWS managed policies are judged by what they allow, and
   * PowerUserAccess (sts:* on * through NotAction) is listed exactly, as the seed's owner does.
   */
  public static AwsAccount account(String name, String accountId, String... namespaces) {
    AwsAccount account = new AwsAccount();
    account.setMetadata(new ObjectMetaBuilder().withName(name).build());
    AwsAccountSpec spec = new AwsAccountSpec();
    spec.setAccountId(accountId);
    AccountCredentials credentials = new AccountCredentials();
    credentials.setSource(CredentialSource.AssumeRole);
    AssumeRoleCredentials assume = new AssumeRoleCredentials();
    assume.setRoleArn(
        "arn:aws:iam::%s:role/%s".formatted(accountId, EmulatorResource.OPERATOR_ROLE));
    credentials.setAssumeRole(assume);
    spec.setCredentials(credentials);
    AllowedNamespaces allowed = new AllowedNamespaces();
    allowed.setNames(new ArrayList<>(List.of(namespaces)));
    spec.setAllowedNamespaces(allowed);
    io.xaccount.operator.api.v1alpha1.Guardrails guardrails =
        new io.xaccount.operator.api.v1alpha1.Guardrails();
    guardrails.setAllowedManagedPolicyArns(new ArrayList<>(SEED_MANAGED_POLICIES));
    spec.setGuardrails(guardrails);
    account.setSpec(spec);
    return account;
  }

  /** A CrossAccountRole in {@code namespace} trusting the given accounts. */
  public static CrossAccountRole role(
      String namespace, String name, String accountRef, String roleName, String... trusted) {
    CrossAccountRole role = new CrossAccountRole();
    role.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    CrossAccountRoleSpec spec = new CrossAccountRoleSpec();
    spec.setAccountRef(accountRef);
    spec.setRoleName(roleName);
    Trust trust = new Trust();
    trust.setAccountIds(new ArrayList<>(List.of(trusted)));
    spec.setTrust(trust);
    role.setSpec(spec);
    return role;
  }

  /** An AssumeRoleGrant in {@code namespace} for users of the AwsAccount {@code accountRef}. */
  public static AssumeRoleGrant grant(
      String namespace, String name, String accountRef, GrantTarget target, String... users) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    AssumeRoleGrantSpec spec = new AssumeRoleGrantSpec();
    spec.setAccountRef(accountRef);
    spec.setTarget(target);
    GrantPrincipals principals = new GrantPrincipals();
    principals.setUsers(new ArrayList<>(List.of(users)));
    spec.setPrincipals(principals);
    grant.setSpec(spec);
    return grant;
  }

  /** A grant's target by roleRef; a null namespace means the grant's own. */
  public static GrantTarget roleRef(String name, String namespace) {
    RoleRef ref = new RoleRef();
    ref.setName(name);
    ref.setNamespace(namespace);
    GrantTarget target = new GrantTarget();
    target.setRoleRef(ref);
    return target;
  }

  /** A grant's target by role ARN. */
  public static GrantTarget roleArn(String roleArn) {
    GrantTarget target = new GrantTarget();
    target.setRoleArn(roleArn);
    return target;
  }

  /**
   * Edits a resource's status through the status subresource: what anyone with rights on it can
   * write, or what a lost status write leaves behind.
   */
  public static <S, R extends CustomResource<?, S>> void editStatus(
      KubernetesClient client, Class<R> type, String namespace, String name, Consumer<S> edit) {
    client
        .resources(type)
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            resource -> {
              edit.accept(resource.getStatus());
              return resource;
            });
  }

  /**
   * Deletes every role, grant and account (in that order, so that finalizers can still reach the
   * accounts) and waits until they are gone, so that one test class does not disturb the next.
   */
  public static void deleteAll(KubernetesClient client) {
    client.resources(AssumeRoleGrant.class).inAnyNamespace().delete();
    client.resources(CrossAccountRole.class).inAnyNamespace().delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(AssumeRoleGrant.class).inAnyNamespace().list().getItems().isEmpty()
                    && client
                        .resources(CrossAccountRole.class)
                        .inAnyNamespace()
                        .list()
                        .getItems()
                        .isEmpty());
    client.resources(AwsAccount.class).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.resources(AwsAccount.class).list().getItems().isEmpty());
  }
}
