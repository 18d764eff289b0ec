package io.xaccount.sandbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.xaccount.emulator.IamEmulator;
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
import io.xaccount.operator.api.v1alpha1.InlinePolicy;
import io.xaccount.operator.api.v1alpha1.RoleRef;
import io.xaccount.operator.api.v1alpha1.Trust;
import io.xaccount.sandbox.OperatorPermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's resources, in realistic shapes: each role trusts the next account and carries
 * ReadOnlyAccess and one inline deny (every third requires MFA); each grant, in the role's trusted
 * account, reaches one group, 25 grants per group (more than the ten managed policies IAM lets a
 * group hold: the operator packs them).
 */
final class Workload {
  static final String NAMESPACE = "bench";

  /** Where the break-glass measurement applies its role and grants. */
  static final String BREAK_GLASS = "bench-break-glass";

  /** How many people the break-glass measurement may grant access to, one grant each. */
  static final int BREAK_GLASS_PEOPLE = 400;

  static final int GRANTS_PER_GROUP = 25;
  private static final ObjectMapper JSON = new ObjectMapper();

  final List<String> accountIds;

  Workload(int accounts) {
    List<String> ids = new ArrayList<>(List.of("111111111111", "123456789012"));
    for (int i = 2; i < accounts; i++) {
      ids.add("2000000000%02d".formatted(i));
    }
    this.accountIds = List.copyOf(ids.subList(0, accounts));
  }

  /** The groups each account needs for {@code grants} grants, created as an admin would. */
  void createGroups(IamEmulator emulator, int grants) {
    for (int a = 0; a < accountIds.size(); a++) {
      for (int g = 0; g < groupsIn(a, grants); g++) {
        emulator.account(accountIds.get(a)).createGroup("bench-g" + g);
      }
    }
  }

  /** The on-call people break-glass grants are for, in the second account (only at IAM's pace). */
  void createOnCallPeople(IamEmulator emulator) {
    for (int k = 0; k < BREAK_GLASS_PEOPLE; k++) {
      emulator.account(accountIds.get(1)).createUser("bench-oncall-" + k);
    }
  }

  /** How many groups {@code grants} grants reach, in all accounts. */
  int groups(int grants) {
    int groups = 0;
    for (int a = 0; a < accountIds.size(); a++) {
      groups += groupsIn(a, grants);
    }
    return groups;
  }

  private int groupsIn(int account, int grants) {
    int inAccount = 0;
    for (int j = 0; j < grants; j++) {
      if (trusted(j) == account) {
        inAccount++;
      }
    }
    return (inAccount + GRANTS_PER_GROUP - 1) / GRANTS_PER_GROUP;
  }

  List<AwsAccount> accounts() {
    List<AwsAccount> out = new ArrayList<>();
    for (int a = 0; a < accountIds.size(); a++) {
      AwsAccount account = new AwsAccount();
      account.setMetadata(new ObjectMetaBuilder().withName(accountName(a)).build());
      AwsAccountSpec spec = new AwsAccountSpec();
      spec.setAccountId(accountIds.get(a));
      AssumeRoleCredentials assume = new AssumeRoleCredentials();
      assume.setRoleArn(
          "arn:aws:iam::" + accountIds.get(a) + ":role/" + OperatorPermissions.OPERATOR_ROLE);
      AccountCredentials credentials = new AccountCredentials();
      credentials.setSource(CredentialSource.AssumeRole);
      credentials.setAssumeRole(assume);
      spec.setCredentials(credentials);
      AllowedNamespaces allowed = new AllowedNamespaces();
      allowed.setNames(new ArrayList<>(List.of(NAMESPACE, BREAK_GLASS)));
      spec.setAllowedNamespaces(allowed);
      account.setSpec(spec);
      out.add(account);
    }
    return out;
  }

  CrossAccountRole role(int i) {
    CrossAccountRole role = new CrossAccountRole();
    role.setMetadata(meta("bench-role-" + i));
    CrossAccountRoleSpec spec = new CrossAccountRoleSpec();
    spec.setAccountRef(accountName(i % accountIds.size()));
    spec.setRoleName("BenchRole" + i);
    Trust trust = new Trust();
    trust.setAccountIds(new ArrayList<>(List.of(accountIds.get(trusted(i)))));
    trust.setRequireMfa(i % 3 == 0);
    spec.setTrust(trust);
    spec.setManagedPolicyArns(new ArrayList<>(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess")));
    spec.setInlinePolicies(new ArrayList<>(List.of(inline("aws-portal:*"))));
    role.setSpec(spec);
    return role;
  }

  AssumeRoleGrant grant(int j) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(meta("bench-grant-" + j));
    AssumeRoleGrantSpec spec = new AssumeRoleGrantSpec();
    spec.setAccountRef(accountName(trusted(j)));
    GrantTarget target = new GrantTarget();
    RoleRef ref = new RoleRef();
    ref.setName("bench-role-" + j);
    target.setRoleRef(ref);
    spec.setTarget(target);
    GrantPrincipals principals = new GrantPrincipals();
    int indexInAccount = j / accountIds.size();
    principals.setGroups(new ArrayList<>(List.of("bench-g" + indexInAccount / GRANTS_PER_GROUP)));
    spec.setPrincipals(principals);
    grant.setSpec(spec);
    return grant;
  }

  /**
   * The role break-glass grants reach: in the first account, trusting the second, created and
   * converged before the benchmark's phases.
   */
  CrossAccountRole breakGlassRole() {
    CrossAccountRole role = new CrossAccountRole();
    role.setMetadata(
        new ObjectMetaBuilder().withName("break-glass").withNamespace(BREAK_GLASS).build());
    CrossAccountRoleSpec spec = new CrossAccountRoleSpec();
    spec.setAccountRef(accountName(0));
    spec.setRoleName("BenchBreakGlass");
    Trust trust = new Trust();
    trust.setAccountIds(new ArrayList<>(List.of(accountIds.get(1))));
    spec.setTrust(trust);
    spec.setManagedPolicyArns(new ArrayList<>(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess")));
    role.setSpec(spec);
    return role;
  }

  /**
   * A single grant of the break-glass role to the on-call person {@code k}, in the second account.
   */
  AssumeRoleGrant breakGlassGrant(int k) {
    AssumeRoleGrant grant = new AssumeRoleGrant();
    grant.setMetadata(
        new ObjectMetaBuilder().withName("break-glass-" + k).withNamespace(BREAK_GLASS).build());
    AssumeRoleGrantSpec spec = new AssumeRoleGrantSpec();
    spec.setAccountRef(accountName(1));
    GrantTarget target = new GrantTarget();
    RoleRef ref = new RoleRef();
    ref.setName("break-glass");
    target.setRoleRef(ref);
    spec.setTarget(target);
    GrantPrincipals principals = new GrantPrincipals();
    principals.setUsers(new ArrayList<>(List.of("bench-oncall-" + k)));
    spec.setPrincipals(principals);
    grant.setSpec(spec);
    return grant;
  }

  /** The change wave's edit of a role: its inline policy denies one more service. */
  static void changeRole(CrossAccountRole role) {
    role.getSpec().setInlinePolicies(new ArrayList<>(List.of(inline("aws-portal:*", "budgets:*"))));
  }

  /** The change wave's edit of a grant: it now requires MFA. */
  static void changeGrant(AssumeRoleGrant grant) {
    grant.getSpec().setRequireMfa(true);
  }

  private int trusted(int i) {
    return (i + 1) % accountIds.size();
  }

  private static String accountName(int a) {
    return "bench-a" + a;
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta meta(String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build();
  }

  private static InlinePolicy inline(String... denied) {
    InlinePolicy policy = new InlinePolicy();
    policy.setName("deny-billing");
    policy.setDocument(
        JSON.valueToTree(
            Map.of(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(Map.of("Effect", "Deny", "Action", List.of(denied), "Resource", "*")))));
    return policy;
  }
}
