package io.xaccount.operator.reconciler.account;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.xaccount.operator.api.v1alpha1.AllowedNamespaces;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.reconciler.NamespaceSelector;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.SecretValues;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one gate every reconciler passes before an IAM write: the AwsAccount exists, allows the
 * resource's namespace, is Ready for its current generation, and its credentials are verified to
 * act in its account.
 *
 * <p>The account, the namespace's labels and the account's ExternalId Secret come from the
 * informers of the calling controller ({@link AccountEventSource}, {@link NamespaceEventSource},
 * {@link SecretValues#informer}), not from a GET per reconcile. An informer may lag a change by a
 * moment, and each lag heals itself: a change of the account's spec or Ready condition, of the
 * namespace's labels, reaches the resources through the same informer whose cache they read, so
 * they are reconciled again once the cache holds it.
 */
@ApplicationScoped
public class AccountAccess {
  private final AccountSessions sessions;

  public AccountAccess(AccountSessions sessions) {
    this.sessions = sessions;
  }

  /**
   * The verified account {@code accountRef} for a resource in {@code namespace}.
   *
   * @param context the reconcile's context, whose informers hold the account and namespace
   * @throws ReconcileFailure {@code AccountNotReady} or {@code Forbidden} when it may not be used
   */
  public VerifiedAccount open(Context<?> context, String accountRef, String namespace) {
    AwsAccount account = find(context, accountRef);
    refuseIfBeingDeleted(account);
    if (!allows(context, account, namespace)) {
      throw new ReconcileFailure(
          Reason.Forbidden,
          "AwsAccount %s does not allow namespace %s (spec.allowedNamespaces)"
              .formatted(accountRef, namespace));
    }
    return verified(context, account);
  }

  /**
   * A Terminating account takes no new users and no changes: its deletion waits for every role and
   * grant that uses it, so a new one (or a widened one) would only extend that wait and hand out
   * access in an account its administrator is taking away. What already converged stays as it is in
   * IAM (nothing is written, Ready=False says why) until its own deletion, which {@link
   * #openForCleanup} still serves.
   */
  private static void refuseIfBeingDeleted(AwsAccount account) {
    if (account.isMarkedForDeletion()) {
      throw new ReconcileFailure(
          Reason.AccountNotReady,
          ("AwsAccount %s is being deleted: it accepts no new roles or grants and no changes;"
                  + " nothing more is written in it until this resource is deleted too")
              .formatted(account.getMetadata().getName()));
    }
  }

  /**
   * The verified account for cleaning up what the operator created there. The namespace need no
   * longer be allowed: removing our own entities never widens anyone's access, and ownership tags
   * are checked before anything is deleted.
   */
  public VerifiedAccount openForCleanup(Context<?> context, String accountRef) {
    return verified(context, find(context, accountRef));
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

  /**
   * True when the AwsAccount exists at all. Its absence lets a deletion go on without cleaning IAM,
   * which cannot be undone: an account missing from the informer is confirmed with the API server.
   */
  public boolean exists(Context<?> context, String accountRef) {
    return AccountEventSource.cached(context, accountRef).isPresent()
        || context.getClient().resources(AwsAccount.class).withName(accountRef).get() != null;
  }

  private static AwsAccount find(Context<?> context, String accountRef) {
    // Not confirmed on a miss: AccountNotReady is retried, and the account's creation wakes its
    // users through the informer.
    return AccountEventSource.cached(context, accountRef)
        .orElseThrow(
            () ->
                new ReconcileFailure(
                    Reason.AccountNotReady, "AwsAccount %s does not exist".formatted(accountRef)));
  }

  /**
   * A Ready account's session. Ready for an older generation is enough: the session is opened from
   * the current spec and verified with sts:GetCallerIdentity whenever its credentials changed, so a
   * spec change cannot slip past the guard, and roles do not flap while the account re-verifies.
   */
  private VerifiedAccount verified(Context<?> context, AwsAccount account) {
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
    return sessions.open(account, false, SecretValues.cachedIn(context));
  }

  /**
   * True when the account allows resources of {@code namespace}: listed by name, or selected by
   * labels. An empty allow-list (or an empty selector) allows nobody.
   */
  private static boolean allows(Context<?> context, AwsAccount account, String namespace) {
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
    return NamespaceSelector.matches(
        allowed.getSelector(), NamespaceEventSource.labels(context, namespace));
  }
}
