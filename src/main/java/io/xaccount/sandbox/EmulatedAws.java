package io.xaccount.sandbox;

import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.model.AwsKeys;
import java.util.List;

/**
 * The IAM/STS emulator set up as production is told to be: the operator's base identity in the
 * first account and a role {@code xaccount-operator} in every account, with exactly the policies of
 * {@code deploy/iam/} ({@link OperatorPermissions}); every call is authorized as IAM would. The
 * seed's people exist in {@code 123456789012} (alice in developers, bob in no group).
 */
public final class EmulatedAws implements AutoCloseable {
  static final String OPERATOR_ROLE = OperatorPermissions.OPERATOR_ROLE;
  static final String PEOPLE_ACCOUNT = "123456789012";

  private final IamEmulator emulator;
  private final List<String> accounts;

  private final AwsKeys operatorKeys;
  private final List<String> peopleLines;

  private EmulatedAws(
      IamEmulator emulator, List<String> accounts, AwsKeys operatorKeys, List<String> peopleLines) {
    this.emulator = emulator;
    this.accounts = accounts;
    this.operatorKeys = operatorKeys;
    this.peopleLines = peopleLines;
  }

  public static EmulatedAws start(List<String> accounts) {
    return start(accounts, java.time.Duration.ZERO);
  }

  /**
   * The emulator with IAM's eventual consistency switched on after the set-up: users and roles
   * created from then on (by the operator, or by you) take {@code iamDelay} to be valid as trust
   * principals and to become assumable, so the operator's retry paths run as they would on AWS.
   */
  public static EmulatedAws start(List<String> accounts, java.time.Duration iamDelay) {
    IamEmulator emulator =
        IamEmulator.builder().accounts(accounts.toArray(String[]::new)).build().start();
    AwsKeys operatorKeys = OperatorPermissions.install(emulator, accounts.get(0), accounts);
    if (accounts.contains(PEOPLE_ACCOUNT)) {
      var people = emulator.account(PEOPLE_ACCOUNT);
      people.createUser("alice");
      people.createUser("bob");
      people.createGroup("developers");
      people.addUserToGroup("developers", "alice");
      people.createVirtualMfaDevice("alice");
    }
    List<String> people = issuePeopleKeys(emulator, accounts);
    emulator.setPrincipalPropagationDelay(iamDelay).setAssumeRoleDelay(iamDelay);
    return new EmulatedAws(emulator, List.copyOf(accounts), operatorKeys, people);
  }

  public IamEmulator emulator() {
    return emulator;
  }

  List<String> accounts() {
    return accounts;
  }

  /**
   * The seed's people, each with access keys so that anyone can try the switch: one line each, in
   * the form the account lines use. Empty when the people's account is not emulated.
   */
  List<String> peopleLines() {
    return peopleLines;
  }

  private static List<String> issuePeopleKeys(IamEmulator emulator, List<String> accounts) {
    if (!accounts.contains(PEOPLE_ACCOUNT)) {
      return List.of();
    }
    var people = emulator.account(PEOPLE_ACCOUNT);
    List<String> lines = new java.util.ArrayList<>();
    for (String[] person :
        List.of(new String[] {"alice", "group developers"}, new String[] {"bob", "no group"})) {
      AwsKeys keys = people.createAccessKey(person[0]);
      String mfa =
          person[0].equals("alice")
              ? " MFA=arn:aws:iam::" + PEOPLE_ACCOUNT + ":mfa/alice (any 6-digit code)"
              : "";
      lines.add(
          "  user %s (%s, %s): AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s%s"
              .formatted(
                  person[0],
                  PEOPLE_ACCOUNT,
                  person[1],
                  keys.accessKeyId(),
                  keys.secretAccessKey(),
                  mfa));
    }
    return lines;
  }

  /**
   * The operator's own identity: the base identity of {@code deploy/iam/} in the first account (see
   * {@link OperatorPermissions}).
   */
  AwsKeys operatorKeys() {
    return operatorKeys;
  }

  String endpoint() {
    return emulator.endpoint().toString();
  }

  @Override
  public void close() {
    emulator.close();
  }
}
