package io.xaccount.operator.aws;

/** Account clients that stand for an account's identity in unit tests and make no call. */
public final class UnusableClients {
  private UnusableClients() {}

  /** A new instance, distinct from every other: as after a change of credentials. */
  public static AccountClients create() {
    return new AccountClients(null, null, null, null);
  }
}
