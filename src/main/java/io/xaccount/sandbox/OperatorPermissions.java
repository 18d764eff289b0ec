package io.xaccount.sandbox;

import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.AwsKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Gives the operator, in emulated accounts, exactly the permissions {@code deploy/iam/} tells users
 * to give it, read from those files (packaged into the jar at build time): a base identity with
 * {@code operator-base-identity-policy.json} in the operator's account, and in every account a role
 * {@code xaccount-operator} trusting it ({@code operator-role-trust-policy.json}) with the
 * trusting, trusted and both adoption policies attached, at the path {@value #POLICY_PATH} the
 * README gives them. The base identity also holds the account policies in its own account, for
 * AwsAccounts there that use it directly ({@code source: Default}), as {@code deploy/iam/README.md}
 * says.
 *
 * <p>One deviation, because the AWS SDK's static keys must belong to a user: the base identity is
 * the user {@code xaccount-operator-base}, so the trust policy's principal names that user where
 * the file names {@code role/<OPERATOR_BASE_ROLE>}.
 */
public final class OperatorPermissions {
  public static final String OPERATOR_ROLE = "xaccount-operator";
  public static final String BASE_USER = "xaccount-operator-base";
  static final String RESOURCE = "/META-INF/xaccount/deploy-iam/";

  /** Where deploy/iam/README.md puts the operator's own policies. */
  public static final String POLICY_PATH = "/xaccount-operator/";

  private static final List<String> ACCOUNT_POLICIES =
      List.of(
          "trusting-account-policy",
          "trusted-account-policy",
          "trusting-account-adoption-policy",
          "trusted-account-adoption-policy");

  private OperatorPermissions() {}

  /** Installs the base identity and the operator roles; returns the base identity's keys. */
  public static AwsKeys install(
      IamEmulator emulator, String operatorAccount, List<String> accounts) {
    AccountState home = emulator.account(operatorAccount);
    home.createUser(BASE_USER);
    String base =
        home.createPolicy("xaccount-operator-base", document("operator-base-identity-policy"));
    home.attachUserPolicy(BASE_USER, base);
    String trust = operatorRoleTrust(operatorAccount);
    for (String account : accounts) {
      AccountState state = emulator.account(account);
      state.createRole(OPERATOR_ROLE, trust);
      for (String name : ACCOUNT_POLICIES) {
        String arn = state.createPolicy("xaccount-operator-" + name, POLICY_PATH, document(name));
        state.attachRolePolicy(OPERATOR_ROLE, arn);
        if (account.equals(operatorAccount)) {
          home.attachUserPolicy(BASE_USER, arn);
        }
      }
    }
    return home.createAccessKey(BASE_USER);
  }

  /**
   * Another role the operator may use in {@code account} (an AwsAccount naming a role other than
   * {@code xaccount-operator}): created with the shipped trust and account policies, and the base
   * identity allowed to assume it, as an administrator following the README would do.
   */
  public static String addOperatorRole(
      IamEmulator emulator, String operatorAccount, String account, String roleName) {
    return addOperatorRole(
        emulator, operatorAccount, account, roleName, operatorRoleTrust(operatorAccount));
  }

  /** {@code operator-role-trust-policy.json} with its placeholders naming the base identity. */
  private static String operatorRoleTrust(String operatorAccount) {
    return document("operator-role-trust-policy")
        .replace("<OPERATOR_ACCOUNT_ID>", operatorAccount)
        .replace("role/<OPERATOR_BASE_ROLE>", "user/" + BASE_USER);
  }

  /** The same with a trust policy of the caller's (an ExternalId variant, an account trust). */
  public static String addOperatorRole(
      IamEmulator emulator, String operatorAccount, String account, String roleName, String trust) {
    AccountState state = emulator.account(account);
    String roleArn = state.createRole(roleName, trust);
    for (String name : ACCOUNT_POLICIES) {
      state.attachRolePolicy(
          roleName,
          "arn:aws:iam::" + account + ":policy" + POLICY_PATH + "xaccount-operator-" + name);
    }
    AccountState home = emulator.account(operatorAccount);
    String assume =
        home.createPolicy(
            "xaccount-operator-base-" + roleName,
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",            "Resource":"%s"}]}"""
                .formatted(roleArn));
    home.attachUserPolicy(BASE_USER, assume);
    return roleArn;
  }

  /** A policy document of {@code deploy/iam/}, as shipped. */
  public static String document(String name) {
    try (InputStream in =
        OperatorPermissions.class.getResourceAsStream(RESOURCE + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("deploy/iam/" + name + ".json is not packaged");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
