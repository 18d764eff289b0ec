package io.xaccount.operator.reconciler.grant;

import static io.xaccount.operator.testsupport.EmulatorResource.adminIam;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xaccount.emulator.model.AwsKeys;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.CrossAccountRoleSpec;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.api.v1alpha1.GrantTarget;
import io.xaccount.operator.api.v1alpha1.RoleRef;
import io.xaccount.operator.api.v1alpha1.Trust;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.testsupport.Edits;
import io.xaccount.operator.testsupport.EmulatorResource;
import io.xaccount.operator.testsupport.Sts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Builders for the grant tests: roles, grants, and an IAM client that looks at the emulator. */
final class GrantFixtures {
  static final String NAMESPACE = "grants";
  static final String PROD_ACCOUNT = "grant-prod";
  static final String DEV_ACCOUNT = "grant-dev";
  static final String POWER_USER = "arn:aws:iam::aws:policy/PowerUserAccess";

  private GrantFixtures() {}

  /** A CrossAccountRole in prod trusting the given accounts, with PowerUserAccess. */
  static CrossAccountRole role(String name, String roleName, String... trustedAccountIds) {
    CrossAccountRole role = new CrossAccountRole();
    role.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    CrossAccountRoleSpec spec = new CrossAccountRoleSpec();
    spec.setAccountRef(PROD_ACCOUNT);
    spec.setRoleName(roleName);
    spec.setPath("/");
    spec.setMaxSessionDuration(3600);
    spec.setDeletionPolicy(DeletionPolicy.Delete);
    Trust trust = new Trust();
    trust.setAccountIds(new ArrayList<>(List.of(trustedAccountIds)));
    spec.setTrust(trust);
    spec.setManagedPolicyArns(new ArrayList<>(List.of(POWER_USER)));
    role.setSpec(spec);
    return role;
  }

  /** A grant in dev referencing the CrossAccountRole {@code roleRef}. */
  static AssumeRoleGrant grantForRef(
      String name, String roleRef, List<String> users, List<String> groups) {
    AssumeRoleGrant grant = grant(name, users, groups);
    RoleRef ref = new RoleRef();
    ref.setName(roleRef);
    grant.getSpec().getTarget().setRoleRef(ref);
    return grant;
  }

  /** A grant in dev naming a role by ARN. */
  static AssumeRoleGrant grantForArn(
      String name, String roleArn, List<String> users, List<String> groups) {
    AssumeRoleGrant grant = grant(name, users, groups);
    grant.getSpec().getTarget().setRoleArn(roleArn);
    return grant;
  }

  private static AssumeRoleGrant grant(String name, List<String> users, List<String> groups) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    AssumeRoleGrantSpec spec = new AssumeRoleGrantSpec();
    spec.setAccountRef(DEV_ACCOUNT);
    spec.setTarget(new GrantTarget());
    GrantPrincipals principals = new GrantPrincipals();
    principals.setUsers(new ArrayList<>(users));
    principals.setGroups(new ArrayList<>(groups));
    spec.setPrincipals(principals);
    spec.setDeletionPolicy(DeletionPolicy.Delete);
    grant.setSpec(spec);
    return grant;
  }

  /**
   * An STS client of the Dev user {@code user} with new long-term keys of its own, without retries:
   * what that person would use to switch roles.
   */
  static StsClient userSts(String user) {
    return Sts.of(EmulatorResource.DEV, user);
  }

  /** An administrator's IAM client in {@code accountId} of the emulator, without retries. */
  static IamClient iam(String accountId) {
    AwsKeys k = EmulatorResource.emulator().adminKeys(accountId);
    return IamClient.builder()
        .endpointOverride(EmulatorResource.emulator().endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** The default version's document of a policy in Dev, as an administrator reads it. */
  static PolicyDocument devDocument(String arn) {
    IamClient iam = adminIam(EmulatorResource.DEV);
    String version = iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
    return PolicyDocument.parse(
        iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version)).policyVersion().document());
  }

  /** The pack the grant's principals make in this cluster. */
  static GrantPack pack(Ownership ownership, AssumeRoleGrant grant) {
    GrantPrincipals p = grant.getSpec().getPrincipals();
    Map<String, List<String>> principals = new LinkedHashMap<>();
    principals.put("user", p.getUsers() == null ? List.of() : p.getUsers());
    principals.put("group", p.getGroups() == null ? List.of() : p.getGroups());
    principals.put("role", p.getRoles() == null ? List.of() : p.getRoles());
    return GrantPack.of(ownership.cluster(), principals, grant.getMetadata().getNamespace());
  }

  /** Wakes every grant of the dev account, as a resync would: a spec change it ignores. */
  static void touchAccount(KubernetesClient client, String extraNamespace) {
    Edits.retrying(
        client.resources(AwsAccount.class).withName(DEV_ACCOUNT),
        a -> {
          a.getSpec().getAllowedNamespaces().getNames().add(extraNamespace);
          return a;
        });
  }
}
