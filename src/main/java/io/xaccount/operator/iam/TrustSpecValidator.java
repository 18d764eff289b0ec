package io.xaccount.operator.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a {@link TrustSpec} before anything is rendered from it. */
final class TrustSpecValidator {

  static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final String NAME = "[\\w+=,.@-]{1,64}";
  private static final String PATH = "(?:/[\\w+=,.@-]+)*/";
  private static final Pattern PRINCIPAL_ARN =
      Pattern.compile(
          "arn:([a-z-]+):(?:iam::\\d{12}:(?:root|(?:user|role)"
              + PATH
              + NAME
              + ")|sts::\\d{12}:assumed-role/"
              + NAME
              + "/[\\w+=,.@-]{2,64})");
  // The account must be literal: it is the principal the pattern's statement names, so that no
  // pattern ever needs "Principal": "*".
  private static final Pattern PRINCIPAL_ARN_PATTERN =
      Pattern.compile("arn:([a-z-]+):iam::(\\d{12}):([\\w+=,.@/*?-]+)");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

  private TrustSpecValidator() {}

  static List<String> validate(TrustSpec spec) {
    List<String> errors = new ArrayList<>();
    String partition = spec.partition();
    if (!Arns.PARTITIONS.contains(partition)) {
      errors.add("partition: \"" + partition + "\" is not one of aws, aws-us-gov, aws-cn");
    }
    if (spec.accountIds().isEmpty()
        && spec.principalArns().isEmpty()
        && spec.principalArnPatterns().isEmpty()) {
      errors.add(
          "spec.trust: name at least one of accountIds, principalArns or principalArnPatterns");
    }
    for (int i = 0; i < spec.accountIds().size(); i++) {
      String id = spec.accountIds().get(i);
      if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
        errors.add(
            "spec.trust.accountIds[" + i + "]: \"" + id + "\" is not a 12-digit AWS account ID");
      }
    }
    for (int i = 0; i < spec.principalArns().size(); i++) {
      String arn = spec.principalArns().get(i);
      Matcher m = arn == null ? null : PRINCIPAL_ARN.matcher(arn);
      String field = "spec.trust.principalArns[" + i + "]: \"" + arn + "\" ";
      if (m == null || !m.matches()) {
        errors.add(
            field
                + "is not the ARN of an IAM user or role (arn:<partition>:iam::<account>:role/<name>)"
                + " and may not contain wildcards (use principalArnPatterns)");
      } else if (!m.group(1).equals(partition)) {
        errors.add(field + "is not in partition " + partition);
      }
    }
    for (int i = 0; i < spec.principalArnPatterns().size(); i++) {
      String pattern = spec.principalArnPatterns().get(i);
      Matcher m = pattern == null ? null : PRINCIPAL_ARN_PATTERN.matcher(pattern);
      String field = "spec.trust.principalArnPatterns[" + i + "]: \"" + pattern + "\" ";
      if (m == null || !m.matches()) {
        errors.add(
            field
                + "must look like arn:<partition>:iam::<12-digit account>:role/<name-with-*>;"
                + " the account may not be a wildcard");
      } else if (!m.group(1).equals(partition)) {
        errors.add(field + "is not in partition " + partition);
      }
    }
    Integer maxAge = spec.mfaMaxAgeSeconds();
    if (maxAge != null && maxAge <= 0) {
      errors.add("spec.trust.mfaMaxAgeSeconds: " + maxAge + " must be greater than 0");
    }
    if (maxAge != null && !spec.requireMfa()) {
      errors.add("spec.trust.mfaMaxAgeSeconds: only allowed together with requireMfa: true");
    }
    // Never echo the ExternalId: it is a secret.
    if (spec.externalId() != null && !EXTERNAL_ID.matcher(spec.externalId()).matches()) {
      errors.add(
          "spec.trust.externalIdSecretRef: the ExternalId must be 2-1224 characters of"
              + " letters, digits and +=,.@:/-");
    }
    return errors;
  }

  /** The account a valid principal ARN pattern names. */
  static String accountOfPattern(String pattern) {
    Matcher m = PRINCIPAL_ARN_PATTERN.matcher(pattern);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a valid principal ARN pattern: " + pattern);
    }
    return m.group(2);
  }
}
