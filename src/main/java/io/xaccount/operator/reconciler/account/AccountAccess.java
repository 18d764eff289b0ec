package io.xaccount.operator.reconciler.account;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.xaccount.operator.api.v1alpha1.AllowedNamespaces;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.reconciler.NamespaceSelector;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The one gate every reconciler passes before an IAM write: the AwsAccount exists, allows the
 * resource's namespace, is Ready for its current generation, and its credentials are verified to
 * act in its account.
 */
@ApplicationScoped
public class AccountAccess {
  private final KubernetesClient kubernetes;
  private final AccountSessions sessions;

  public AccountAccess(KubernetesClient kubernetes, AccountSessions sessions) {
    this.kubernetes = kubernetes;
    this.sessions = sessions;
  }

  /**
   * The verified account {@code accountRef} for a resource in {@code namespace}.
   *
   * @throws ReconcileFailure {@code AccountNotReady} or {@code Forbidden} when it may not be used
   */
  public VerifiedAccount open(String accountRef, String namespace) {
    AwsAccount account = find(accountRef);
    if (!allows(account, namespace)) {
      throw new ReconcileFailure(
          Reason.Forbidden,
          "AwsAccount %s does not allow namespace %s (spec.allowedNamespaces)"
              .formatted(accountRef, namespace));
    }
    return verified(account);
  }

  /**
   * The verified account for cleaning up what the operator created there. The namespace need no
   * longer be allowed: removing our own entities never widens anyone's access, and ownership tags
   * are checked before anything is deleted.
   */
  public VerifiedAccount openForCleanup(String accountRef) {
    return verified(find(accountRef));
  }

  /** True when the account's Ready condition is True. */
  public static boolean isReady(AwsAccount account) {
    return account.getStatus() != null
        && account
            .getStatus()
            .readyCondition()
            .filter(c -> "True".equals(c.getStatus()))
            .isPresent();
  }

  /** True when the AwsAccount exists at all. */
  public boolean exists(String accountRef) {
    return kubernetes.resources(AwsAccount.class).withName(accountRef).get() != null;
  }

  private AwsAccount find(String accountRef) {
    AwsAccount account = kubernetes.resources(AwsAccount.class).withName(accountRef).get();
    if (account == null) {
      throw new ReconcileFailure(
          Reason.AccountNotReady, "AwsAccount %s does not exist".formatted(accountRef));
    }
    return account;
  }

  /**
   * A Ready account's session. Ready for an older generation is enough: the session is opened from
   * the current spec and verified with sts:GetCallerIdentity whenever its credentials changed, so a
   * spec change cannot slip past the guard, and roles do not flap while the account re-verifies.
   */
  private VerifiedAccount verified(AwsAccount account) {
    if (!isReady(account)) {
      String why =
          account.getStatus() == null
              ? "it has not been verified yet"
              : account
                  .getStatus()
                  .readyCondition()
                  .map(c -> c.getReason() + ": " + c.getMessage())
                  .orElse("it has not been verified yet");
      throw new ReconcileFailure(
          Reason.AccountNotReady,
          "AwsAccount %s is not Ready (%s)".formatted(account.getMetadata().getName(), why));
    }
    return sessions.open(account, false);
  }

  /**
   * True when the account allows resources of {@code namespace}: listed by name, or selected by
   * labels. An empty allow-list (or an empty selector) allows nobody.
   */
  public boolean allows(AwsAccount account, String namespace) {
    AllowedNamespaces allowed = account.getSpec().getAllowedNamespaces();
    if (allowed == null) {
      return false;
    }
    if (allowed.getNames() != null && allowed.getNames().contains(namespace)) {
      return true;
    }
    if (NamespaceSelector.isEmpty(allowed.getSelector())) {
      return false;
    }
    Namespace ns = kubernetes.namespaces().withName(namespace).get();
    Map<String, String> labels = ns == null ? Map.of() : ns.getMetadata().getLabels();
    return NamespaceSelector.matches(allowed.getSelector(), labels);
  }
}
