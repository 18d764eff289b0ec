package io.xaccount.operator.testsupport;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.xaccount.operator.api.v1alpha1.AccountCredentials;
import io.xaccount.operator.api.v1alpha1.AllowedNamespaces;
import io.xaccount.operator.api.v1alpha1.AssumeRoleCredentials;
import io.xaccount.operator.api.v1alpha1.AwsAccount;
import io.xaccount.operator.api.v1alpha1.AwsAccountSpec;
import io.xaccount.operator.api.v1alpha1.CredentialSource;
import java.util.List;

/** Builders for the custom resources tests apply. */
public final class Resources {
  private Resources() {}

  /** An AwsAccount that assumes {@code xaccount-operator} in the account, allowing namespaces. */
  public static AwsAccount account(String name, String accountId, String... namespaces) {
    AwsAccount account = new AwsAccount();
    account.setMetadata(new ObjectMetaBuilder().withName(name).build());
    AwsAccountSpec spec = new AwsAccountSpec();
    spec.setAccountId(accountId);
    AccountCredentials credentials = new AccountCredentials();
    credentials.setSource(CredentialSource.AssumeRole);
    AssumeRoleCredentials assume = new AssumeRoleCredentials();
    assume.setRoleArn(
        "arn:aws:iam::%s:role/%s".formatted(accountId, EmulatorResource.OPERATOR_ROLE));
    credentials.setAssumeRole(assume);
    spec.setCredentials(credentials);
    AllowedNamespaces allowed = new AllowedNamespaces();
    allowed.setNames(List.of(namespaces));
    spec.setAllowedNamespaces(allowed);
    account.setSpec(spec);
    return account;
  }
}
