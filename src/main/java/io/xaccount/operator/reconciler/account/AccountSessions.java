package io.xaccount.operator.reconciler.account;

import io.xaccount.operator.api.v1alpha1.AssumeRoleCredentials;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.AwsAccountSpec;
import io.xaccount.operator.api.v1alpha1.CredentialSource;
import io.xaccount.operator.api.v1alpha1.SecretKeyRef;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsClientCache;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.CallerIdentity;
import io.xaccount.operator.aws.CredentialsSpec;
import io.xaccount.operator.aws.StsGateway;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.SecretValues;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Opens verified sessions in an account: resolves how to get credentials (reading the ExternalId
 * Secret), takes the cached clients for that, and checks with sts:GetCallerIdentity that they act
 * in the declared account. Verification happens once per clients instance unless forced.
 */
@ApplicationScoped
public class AccountSessions {
  private final SecretValues secretValues;
  private final AwsClientCache cache;
  private final StsGateway sts;

  public AccountSessions(SecretValues secretValues, AwsClientCache cache, StsGateway sts) {
    this.secretValues = secretValues;
    this.cache = cache;
    this.sts = sts;
  }

  /**
   * The account's verified clients; {@code reverify} forces a fresh sts:GetCallerIdentity.
   *
   * @param secrets where the account's ExternalId Secret is read
   */
  public VerifiedAccount open(AwsAccount account, boolean reverify, SecretValues.Cache secrets) {
    AwsAccountSpec spec = account.getSpec();
    AccountClients clients =
        cache.clientsFor(account.getMetadata().getName(), credentials(spec, secrets));
    CallerIdentity identity = clients.verifiedIdentity();
    if (identity == null || reverify) {
      // One verification per clients at a time: after a restart, every resource of the account
      // opens it at once, and all but the first take the identity it learned.
      synchronized (clients) {
        identity = reverify ? null : clients.verifiedIdentity();
        if (identity == null) {
          try {
            identity = sts.verify(clients);
          } catch (AwsFailure f) {
            throw assumeRoleRefused(f) ? hint(f, spec, clients) : explain(f);
          }
        }
      }
    }
    if (!spec.getAccountId().equals(identity.accountId())) {
      throw new ReconcileFailure(
          Reason.AccountMismatch,
          "The credentials act as %s in account %s, not in account %s: fix spec.accountId or"
                  .formatted(identity.arn(), identity.accountId(), spec.getAccountId())
              + " spec.credentials");
    }
    return new VerifiedAccount(account, clients, identity);
  }

  /**
   * A verification failure as a reason. A session longer than an hour asked of a role assumed from
   * another role (the operator's own identity is a role session with IRSA or Pod Identity) is a
   * spec error: STS caps role chaining at 3,600 s, and retrying cannot help.
   */
  static ReconcileFailure explain(AwsFailure f) {
    String message = f.getMessage() == null ? "" : f.getMessage();
    if (message.contains("role chaining")) {
      return new ReconcileFailure(
          Reason.InvalidSpec,
          ("spec.credentials.assumeRole.durationSeconds: the operator's own identity is a role"
                  + " session, and STS limits a role assumed from a role to 3600 s (role"
                  + " chaining); set at most 3600 (%s)")
              .formatted(message),
          f);
    }
    return AwsFailures.toReconcileFailure(f);
  }

  private static boolean assumeRoleRefused(AwsFailure f) {
    // Not INVALID_CREDENTIALS: then the base identity itself has no valid credentials.
    return "sts:AssumeRole".equals(f.action()) && f.is(AwsFailure.Kind.ACCESS_DENIED);
  }

  /**
   * AccessDenied naming both sides of the refused AssumeRole (see {@link AssumeRoleHint}), with the
   * base identity read by one sts:GetCallerIdentity, which needs no permission.
   */
  private ReconcileFailure hint(AwsFailure f, AwsAccountSpec spec, AccountClients clients) {
    CallerIdentity base;
    try {
      base = sts.baseIdentity(clients).orElse(null);
    } catch (AwsFailure unreadable) {
      base = null;
    }
    AssumeRoleCredentials assume = spec.getCredentials().getAssumeRole();
    return new ReconcileFailure(
        Reason.AccessDenied,
        AssumeRoleHint.message(f, assume.getRoleArn(), assume.getExternalIdSecretRef(), base),
        f);
  }

  private CredentialsSpec credentials(AwsAccountSpec spec, SecretValues.Cache secrets) {
    String partition = spec.getPartition() == null ? "aws" : spec.getPartition().id();
    if (spec.getCredentials().getSource() == CredentialSource.Default) {
      return new CredentialsSpec(
          spec.getAccountId(), partition, spec.getStsRegion(), null, null, null, null);
    }
    AssumeRoleCredentials assume = spec.getCredentials().getAssumeRole();
    if (assume == null) {
      throw new ReconcileFailure(
          Reason.InvalidSpec, "spec.credentials.assumeRole is required when source is AssumeRole");
    }
    String roleArn = assume.getRoleArn();
    String[] arn = roleArn.split(":", 6);
    if (arn.length < 6 || !arn[1].equals(partition)) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          "spec.credentials.assumeRole.roleArn %s is not in partition %s"
              .formatted(roleArn, partition));
    }
    if (!arn[4].equals(spec.getAccountId())) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          "spec.credentials.assumeRole.roleArn names account %s, but spec.accountId is %s"
              .formatted(arn[4], spec.getAccountId()));
    }
    String externalId =
        assume.getExternalIdSecretRef() == null
            ? null
            : secretValue(secrets, assume.getExternalIdSecretRef());
    return new CredentialsSpec(
        spec.getAccountId(),
        partition,
        spec.getStsRegion(),
        roleArn,
        externalId,
        assume.getSessionName(),
        assume.getDurationSeconds());
  }

  private String secretValue(SecretValues.Cache secrets, SecretKeyRef ref) {
    String field = "spec.credentials.assumeRole.externalIdSecretRef";
    if (ref.getNamespace() == null) {
      throw new ReconcileFailure(Reason.InvalidSpec, field + ".namespace is required");
    }
    return secretValues.read(secrets, ref.getNamespace(), ref, field);
  }
}
