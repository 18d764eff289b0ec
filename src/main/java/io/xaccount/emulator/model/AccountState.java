package io.xaccount.emulator.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One emulated AWS account: its IAM entities, quotas, and seeding helpers for tests. Seeding
 * helpers apply the same validation as the API.
 */
public final class AccountState {
  public final String accountId;
  public final EmulatorState state;
  // Names are unique case-insensitively in IAM; TreeMaps also give the sorted listing order.
  public final Map<String, RoleEntity> roles = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  public final Map<String, UserEntity> users = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  public final Map<String, GroupEntity> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  public final Map<String, InstanceProfileEntity> instanceProfiles =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  public final Map<String, PolicyEntity> customerPolicies =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public int managedPoliciesPerRole = 10;
  public int managedPoliciesPerUser = 10;
  int trustPolicySize = 2048;
  int rolesPerAccount = 1000;
  int customerPoliciesPerAccount = 1500;

  AccountState(String accountId, EmulatorState state) {
    this.accountId = accountId;
    this.state = state;
  }

  /** This account's 12-digit ID. */
  public String accountId() {
    return accountId;
  }

  /** Raises or lowers the "managed policies per role" quota (default 10, adjustable to 20). */
  public AccountState managedPoliciesPerRoleQuota(int quota) {
    synchronized (state) {
      managedPoliciesPerRole = quota;
    }
    return this;
  }

  /** Raises or lowers the "managed policies per user" quota (default 10, adjustable to 20). */
  public AccountState managedPoliciesPerUserQuota(int quota) {
    synchronized (state) {
      managedPoliciesPerUser = quota;
    }
    return this;
  }

  /** Sets the RolesPerAccount quota (IAM's default 1,000; adjustable in AWS up to 5,000). */
  public AccountState rolesPerAccountQuota(int quota) {
    synchronized (state) {
      rolesPerAccount = quota;
    }
    return this;
  }

  /** Sets the customer managed PoliciesPerAccount quota (IAM's default 1,500; up to 5,000). */
  public AccountState customerPoliciesPerAccountQuota(int quota) {
    synchronized (state) {
      customerPoliciesPerAccount = quota;
    }
    return this;
  }

  /** Sets the trust policy size quota (ACLSizePerRole, default 2048, adjustable to 4096). */
  public AccountState trustPolicySizeQuota(int quota) {
    synchronized (state) {
      trustPolicySize = quota;
    }
    return this;
  }

  /** Creates a user at path {@code /}; returns its ARN. */
  public String createUser(String name) {
    synchronized (state) {
      return Users.createUser(this, name, null, Map.of()).arn;
    }
  }

  /** Creates a group at path {@code /}; returns its ARN. */
  public String createGroup(String name) {
    synchronized (state) {
      return Users.createGroup(this, name, null).arn;
    }
  }

  public void addUserToGroup(String groupName, String userName) {
    synchronized (state) {
      Users.addUserToGroup(this, groupName, userName);
    }
  }

  /** Creates a role at path {@code /} with the given trust policy; returns its ARN. */
  public String createRole(String name, String trustPolicyJson) {
    synchronized (state) {
      return Roles.create(this, name, null, trustPolicyJson, null, null, Map.of()).arn;
    }
  }

  /** Creates a customer managed policy at path {@code /}; returns its ARN. */
  public String createPolicy(String name, String policyJson) {
    synchronized (state) {
      return ManagedPolicies.create(this, name, null, policyJson, null, Map.of()).arn;
    }
  }

  /** Creates a customer managed policy at a path of its own; returns its ARN. */
  public String createPolicy(String name, String path, String policyJson) {
    synchronized (state) {
      return ManagedPolicies.create(this, name, path, policyJson, null, Map.of()).arn;
    }
  }

  /** Tags a customer managed policy (adding to or replacing its tags of the same keys). */
  public void tagPolicy(String policyArn, Map<String, String> tags) {
    synchronized (state) {
      Validation.tags(tags, tags);
      Tags.merge(policy(policyArn).tags, tags);
    }
  }

  /** Attaches a managed policy (customer or AWS managed) to a role. */
  public void attachRolePolicy(String roleName, String policyArn) {
    synchronized (state) {
      Attachments.attach(
          this, role(roleName), policyArn, managedPoliciesPerRole, "PoliciesPerRole");
    }
  }

  /** Attaches a managed policy to a user. */
  public void attachUserPolicy(String userName, String policyArn) {
    synchronized (state) {
      Attachments.attach(
          this, user(userName), policyArn, managedPoliciesPerUser, "PoliciesPerUser");
    }
  }

  /** Attaches a managed policy to a group. */
  public void attachGroupPolicy(String groupName, String policyArn) {
    synchronized (state) {
      Attachments.attach(this, group(groupName), policyArn, 10, "PoliciesPerGroup");
    }
  }

  /**
   * Registers a virtual MFA device for a user and returns its serial number, which AssumeRole and
   * GetSessionToken accept with any six-digit TokenCode.
   */
  public String createVirtualMfaDevice(String userName) {
    synchronized (state) {
      UserEntity user = user(userName);
      String serial = "arn:aws:iam::" + accountId + ":mfa/" + user.name;
      state.mfaDevices.put(serial, user.arn);
      return serial;
    }
  }

  /** Issues an access key for a user so tests can call as that user. */
  public AwsKeys createAccessKey(String userName) {
    synchronized (state) {
      return AccessKeys.issue(this, user(userName));
    }
  }

  /** Names of the roles in this account, in listing order. */
  public List<String> roleNames() {
    synchronized (state) {
      return List.copyOf(roles.keySet());
    }
  }

  public RoleEntity role(String name) {
    // As IAM does: a name no role can have is a ValidationError, not NoSuchEntity.
    Validation.name("roleName", name, 64);
    RoleEntity r = roles.get(name);
    if (r == null) {
      throw IamError.noSuchEntity("The role with name " + name + " cannot be found.");
    }
    return r;
  }

  public UserEntity user(String name) {
    UserEntity u = users.get(name);
    if (u == null) {
      throw IamError.noSuchEntity("The user with name " + name + " cannot be found.");
    }
    return u;
  }

  public GroupEntity group(String name) {
    GroupEntity g = groups.get(name);
    if (g == null) {
      throw IamError.noSuchEntity("The group with name " + name + " cannot be found.");
    }
    return g;
  }

  /** The managed policy with this ARN visible from this account, or NoSuchEntity. */
  public PolicyEntity policy(String arn) {
    PolicyEntity p = findPolicy(arn);
    if (p == null) {
      throw IamError.noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
    }
    return p;
  }

  public PolicyEntity findPolicy(String arn) {
    if (arn != null) {
      Validation.length("policyArn", arn, 20, 2048);
    }
    if (arn == null || !arn.matches("arn:aws:iam::(aws|\\d{12}):policy/.*")) {
      throw IamError.invalidInput("ARN " + arn + " is not valid.");
    }
    // AWS managed policies are shared by every account (AwsManagedPolicies says why that is safe).
    PolicyEntity p = AwsManagedPolicies.find(arn);
    if (p == null && arn.startsWith("arn:aws:iam::" + accountId + ":")) {
      p = customerPolicies.get(arn.substring(arn.lastIndexOf('/') + 1));
    }
    return p != null && p.arn.equals(arn) ? p : null;
  }

  /** All principals of this account that can carry managed policies. */
  public List<Principal> principals() {
    List<Principal> all = new java.util.ArrayList<>(users.values());
    all.addAll(groups.values());
    all.addAll(roles.values());
    return all;
  }
}
