package io.xaccount.operator.aws;

/**
 * A turn in an account's IAM pace taken ahead of the call that spends it ({@link
 * AccountClients#awaitIamTurn}): the current thread's next IAM call to the account goes at once.
 */
public interface IamTurn extends AutoCloseable {
  /** Gives up the turn if no call spent it. */
  @Override
  void close();
}
