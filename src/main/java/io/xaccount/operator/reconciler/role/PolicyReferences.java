package io.xaccount.operator.reconciler.role;

import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.EntityKind;
import io.xaccount.operator.aws.IamPolicies.PolicyHead;
import io.xaccount.operator.iam.AccountPolicies;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.OperatorSettings;
import io.xaccount.operator.reconciler.account.OperatorIdentities;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers the guardrails' questions about the policies a role names ({@link AccountPolicies}) from
 * IAM, reading only what a decision needs: a customer managed policy's default document (GetPolicy,
 * then GetPolicyVersion once per version) and the managed policies attached to the operator's own
 * identities in the account (ListAttachedRolePolicies / ListAttachedUserPolicies). Answers are kept
 * for the resync interval and shared by every role of the account, so a resync costs at most one
 * read per named policy and interval, never one per role; a role naming only AWS managed policies
 * costs none (their documents ship with the operator).
 */
@ApplicationScoped
public class PolicyReferences {
  private final IamPolicies policies;
  private final long freshNanos;

  /** Per account and policy ARN: the document of its default version when last read. */
  private final Map<String, Read<Known>> documents = new ConcurrentHashMap<>();

  /** Per account: the policies attached to the operator's identities there. */
  private final Map<String, Read<Set<String>>> operatorPolicies = new ConcurrentHashMap<>();

  private record Known(String versionId, PolicyDocument document) {}

  private record Read<T>(T value, long atNanos) {}

  public PolicyReferences(IamPolicies policies, OperatorSettings settings) {
    this.policies = policies;
    this.freshNanos = settings.resyncInterval().toNanos();
  }

  /** The account's policies as the guardrails ask about them, for one reconcile. */
  public AccountPolicies of(VerifiedAccount account) {
    // A policy found missing is asked again within the same reconcile only: it may appear soon.
    Map<String, Optional<PolicyDocument>> thisReconcile = new HashMap<>();
    return new AccountPolicies() {
      @Override
      public String accountId() {
        return account.accountId();
      }

      @Override
      public Optional<PolicyDocument> customerManaged(String arn) {
        return thisReconcile.computeIfAbsent(arn, a -> read(account, a));
      }

      @Override
      public Set<String> operatorPolicyArns() {
        return fresh(operatorPolicies, account.accountId(), () -> operatorAttached(account));
      }
    };
  }

  private Optional<PolicyDocument> read(VerifiedAccount account, String arn) {
    String key = account.accountId() + " " + arn;
    Read<Known> known = documents.get(key);
    if (known != null && System.nanoTime() - known.atNanos() < freshNanos) {
      return Optional.of(known.value().document());
    }
    Optional<PolicyHead> head = aws(() -> policies.getPolicy(account.clients(), arn));
    if (head.isEmpty()) {
      documents.remove(key);
      return Optional.empty();
    }
    String version = head.get().defaultVersionId();
    PolicyDocument document =
        known != null && known.value().versionId().equals(version)
            ? known.value().document()
            : aws(() -> policies.document(account.clients(), arn, version));
    documents.put(key, new Read<>(new Known(version, document), System.nanoTime()));
    return Optional.of(document);
  }

  private Set<String> operatorAttached(VerifiedAccount account) {
    Set<String> arns = new TreeSet<>();
    for (String principal : OperatorIdentities.principals(account)) {
      String name = principal.substring(principal.indexOf('/') + 1);
      EntityKind kind = principal.startsWith("user/") ? EntityKind.USER : EntityKind.ROLE;
      // An identity that is gone holds nothing.
      arns.addAll(aws(() -> policies.attachedPolicyArns(account.clients(), kind, name, "/")));
    }
    return arns;
  }

  private <T> T fresh(Map<String, Read<T>> cache, String key, Supplier<T> read) {
    Read<T> known = cache.get(key);
    if (known != null && System.nanoTime() - known.atNanos() < freshNanos) {
      return known.value();
    }
    T value = read.get();
    cache.put(key, new Read<>(value, System.nanoTime()));
    return value;
  }

  private static <T> T aws(Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }
}
