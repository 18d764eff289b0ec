package io.xaccount.sandbox;

import io.xaccount.emulator.AwsKeys;
import io.xaccount.emulator.IamEmulator;
import java.util.List;

/**
 * The IAM/STS emulator set up as the issue describes: the operator's identity administers the first
 * account, every account has a role {@code xaccount-operator} that identity may assume, and the
 * seed's people exist in {@code 123456789012} (alice in developers, bob in no group).
 */
final class EmulatedAws implements AutoCloseable {
  static final String OPERATOR_ROLE = "xaccount-operator";
  static final String PEOPLE_ACCOUNT = "123456789012";

  private final IamEmulator emulator;
  private final List<String> accounts;

  private EmulatedAws(IamEmulator emulator, List<String> accounts) {
    this.emulator = emulator;
    this.accounts = accounts;
  }

  static EmulatedAws start(List<String> accounts) {
    IamEmulator emulator =
        IamEmulator.builder().accounts(accounts.toArray(String[]::new)).build().start();
    String trust =
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}"""
            .formatted(accounts.get(0));
    for (String account : accounts) {
      emulator.account(account).createRole(OPERATOR_ROLE, trust);
    }
    if (accounts.contains(PEOPLE_ACCOUNT)) {
      var people = emulator.account(PEOPLE_ACCOUNT);
      people.createUser("alice");
      people.createUser("bob");
      people.createGroup("developers");
      people.addUserToGroup("developers", "alice");
    }
    return new EmulatedAws(emulator, List.copyOf(accounts));
  }

  IamEmulator emulator() {
    return emulator;
  }

  List<String> accounts() {
    return accounts;
  }

  /** The operator's own identity: an administrator of the first account. */
  AwsKeys operatorKeys() {
    return emulator.adminKeys(accounts.get(0));
  }

  String endpoint() {
    return emulator.endpoint().toString();
  }

  @Override
  public void close() {
    emulator.close();
  }
}
