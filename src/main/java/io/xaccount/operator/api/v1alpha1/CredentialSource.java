package io.xaccount.operator.api.v1alpha1;

/** Where the operator's credentials for an account come from. */
public enum CredentialSource {
  /** The operator's own AWS SDK default credential chain (env, IRSA, Pod Identity, profile). */
  Default,
  /** A role assumed with the operator's own credentials. */
  AssumeRole
}
