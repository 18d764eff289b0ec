package io.xaccount.operator.aws;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The STS calls the operator makes. */
@ApplicationScoped
public class StsGateway {

  /**
   * Calls sts:GetCallerIdentity to learn which account and principal the clients act as, and
   * remembers the answer on the clients (the account guard reads it before any write).
   */
  public CallerIdentity verify(AccountClients clients) {
    try {
      GetCallerIdentityResponse r = clients.sts().getCallerIdentity();
      CallerIdentity identity = new CallerIdentity(r.account(), r.arn(), r.userId());
      clients.markVerified(identity);
      return identity;
    } catch (SdkException e) {
      throw AwsErrors.translate("sts:GetCallerIdentity", e);
    }
  }

  /**
   * Calls sts:GetCallerIdentity as the identity the clients' role is assumed from (the operator's
   * base identity: IRSA, Pod Identity, the SDK's default chain), to name it when that AssumeRole is
   * refused. Empty when the clients assume no role.
   */
  public Optional<CallerIdentity> baseIdentity(AccountClients clients) {
    return clients
        .baseSts()
        .map(
            baseSts -> {
              try {
                GetCallerIdentityResponse r = baseSts.getCallerIdentity();
                return new CallerIdentity(r.account(), r.arn(), r.userId());
              } catch (SdkException e) {
                throw AwsErrors.translate("sts:GetCallerIdentity", e);
              }
            });
  }
}
