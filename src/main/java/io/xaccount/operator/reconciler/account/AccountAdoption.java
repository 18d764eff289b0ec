package io.xaccount.operator.reconciler.account;

import io.xaccount.operator.api.v1alpha1.Adoption;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.iam.RolePatterns;
import java.util.List;
import java.util.Optional;

/**
 * The account owner's say on adoption ({@code AwsAccount.spec.adoption}): a tenant's annotation
 * alone never takes over an existing IAM entity. Absent means nobody may adopt.
 */
public final class AccountAdoption {
  private AccountAdoption() {}

  /**
   * Why a resource of {@code namespace} may not adopt the role {@code path}{@code name}, or empty
   * when the account allows it.
   */
  public static Optional<String> roleRefusal(
      AwsAccount account, String namespace, String path, String name) {
    Optional<String> byNamespace = namespaceRefusal(account, namespace);
    if (byNamespace.isPresent()) {
      return byNamespace;
    }
    List<String> roles = adoption(account).map(Adoption::getRoles).orElse(List.of());
    if (!RolePatterns.anyMatches(roles, path, name)) {
      return Optional.of(
          ("AwsAccount %s does not allow adopting the role %s%s: its owner must add a pattern"
                  + " matching it to spec.adoption.roles")
              .formatted(account.getMetadata().getName(), path, name));
    }
    return Optional.empty();
  }

  /**
   * Why a resource of {@code namespace} may not adopt a managed policy (grants adopt only the
   * policy at their own name), or empty when the account allows it.
   */
  public static Optional<String> namespaceRefusal(AwsAccount account, String namespace) {
    List<String> namespaces = adoption(account).map(Adoption::getNamespaces).orElse(List.of());
    if (namespaces == null || !namespaces.contains(namespace)) {
      return Optional.of(
          ("AwsAccount %s does not allow namespace %s to adopt: adoption is the account owner's"
                  + " decision, made by listing the namespace in spec.adoption.namespaces")
              .formatted(account.getMetadata().getName(), namespace));
    }
    return Optional.empty();
  }

  private static Optional<Adoption> adoption(AwsAccount account) {
    return Optional.ofNullable(account.getSpec().getAdoption());
  }
}
