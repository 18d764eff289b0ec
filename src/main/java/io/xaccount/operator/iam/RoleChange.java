package io.xaccount.operator.iam;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One IAM write call on a role, as data. Each record maps to exactly one IAM API of the same name,
 * on the role the enclosing {@link RolePlan} names; {@link #describe()} is the one-line summary
 * used in Kubernetes events and dry runs (never a secret: documents are not printed).
 */
public sealed interface RoleChange {

  /** A one-line human summary, e.g. {@code attach policy arn:aws:iam::aws:policy/ReadOnly}. */
  String describe();

  /**
   * CreateRole with everything IAM accepts in the create call. An empty description and a null
   * boundary mean: omit the parameter.
   */
  record CreateRole(
      String name,
      String path,
      String description,
      int maxSessionDuration,
      PolicyDocument trust,
      String permissionsBoundaryArn,
      Map<String, String> tags)
      implements RoleChange {
    @Override
    public String describe() {
      return "create role " + path + name;
    }
  }

  /** UpdateAssumeRolePolicy: replace the trust policy. */
  record UpdateAssumeRolePolicy(PolicyDocument trust) implements RoleChange {
    @Override
    public String describe() {
      return "update trust policy";
    }
  }

  /** UpdateRole: both values are sent, the changed ones named in the summary. */
  record UpdateRole(String description, int maxSessionDuration, Set<String> changed)
      implements RoleChange {
    @Override
    public String describe() {
      return "update role " + String.join(" and ", new TreeSet<>(changed));
    }
  }

  /** PutRolePermissionsBoundary. */
  record PutRolePermissionsBoundary(String policyArn) implements RoleChange {
    @Override
    public String describe() {
      return "set permissions boundary " + policyArn;
    }
  }

  /** DeleteRolePermissionsBoundary. */
  record DeleteRolePermissionsBoundary() implements RoleChange {
    @Override
    public String describe() {
      return "remove permissions boundary";
    }
  }

  /** AttachRolePolicy. */
  record AttachRolePolicy(String policyArn) implements RoleChange {
    @Override
    public String describe() {
      return "attach policy " + policyArn;
    }
  }

  /** DetachRolePolicy. */
  record DetachRolePolicy(String policyArn) implements RoleChange {
    @Override
    public String describe() {
      return "detach policy " + policyArn;
    }
  }

  /** PutRolePolicy: add or replace an inline policy. */
  record PutRolePolicy(String policyName, PolicyDocument document) implements RoleChange {
    @Override
    public String describe() {
      return "put inline policy " + policyName;
    }
  }

  /** DeleteRolePolicy: remove an inline policy. */
  record DeleteRolePolicy(String policyName) implements RoleChange {
    @Override
    public String describe() {
      return "delete inline policy " + policyName;
    }
  }

  /** TagRole with only the added or changed tags. */
  record TagRole(Map<String, String> tags) implements RoleChange {
    @Override
    public String describe() {
      return "tag role " + new TreeMap<>(tags).keySet();
    }
  }

  /** UntagRole. */
  record UntagRole(Set<String> keys) implements RoleChange {
    @Override
    public String describe() {
      return "untag role " + new TreeSet<>(keys);
    }
  }
}
