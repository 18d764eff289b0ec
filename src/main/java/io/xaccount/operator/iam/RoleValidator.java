package io.xaccount.operator.iam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a {@link DesiredRole} against IAM's naming rules and quotas before any write, so that a
 * spec IAM would refuse becomes an {@code InvalidSpec} condition naming the field instead of a
 * retried {@code ValidationError}. Each message starts with the spec field at fault.
 */
public final class RoleValidator {

  private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final Pattern PATH = Pattern.compile("/|/[\\w+=,.@/-]*/");
  private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
  private static final Pattern MANAGED_POLICY_ARN =
      Pattern.compile(
          "arn:(aws|aws-us-gov|aws-cn):iam::(\\d{12}|aws):policy(/|/[\\w+=,.@/-]*/)[\\w+=,.@-]{1,128}");
  private static final Pattern DESCRIPTION =
      Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");
  private static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private RoleValidator() {}

  /**
   * Every rule the role breaks; empty when IAM should accept it.
   *
   * @param partition the account's partition: a policy of another partition cannot be attached
   */
  public static List<String> validate(DesiredRole role, RoleLimits limits, String partition) {
    List<String> errors = new ArrayList<>();
    if (role.name() == null || !ROLE_NAME.matcher(role.name()).matches()) {
      errors.add(
          "spec.roleName: \""
              + role.name()
              + "\" must be 1-64 characters of letters, digits and +=,.@_-");
    }
    if (!PATH.matcher(role.path()).matches()
        || role.path().length() > 512
        || role.path().contains("//")) {
      errors.add(
          "spec.path: \""
              + role.path()
              + "\" must start and end with /, be at most 512 characters and contain letters,"
              + " digits and +=,.@_- between the slashes");
    }
    if (role.description().length() > 1000) {
      errors.add(
          "spec.description: " + role.description().length() + " characters, at most 1000 allowed");
    }
    if (!DESCRIPTION.matcher(role.description()).matches()) {
      errors.add(
          "spec.description: IAM accepts only printable Latin-1 characters, tabs and line breaks"
              + " in a description");
    }
    int session = role.maxSessionDuration();
    if (session < 3600 || session > 43_200) {
      errors.add("spec.maxSessionDuration: " + session + " must be between 3600 and 43200 seconds");
    }
    List<String> arns = new ArrayList<>(new TreeSet<>(role.managedPolicyArns()));
    for (String arn : arns) {
      if (!MANAGED_POLICY_ARN.matcher(arn).matches()) {
        errors.add("spec.managedPolicyArns: \"" + arn + "\" is not a managed policy ARN");
      } else {
        otherPartition("spec.managedPolicyArns", arn, partition).ifPresent(errors::add);
      }
    }
    if (arns.size() > limits.maxManagedPolicies()) {
      errors.add(
          "spec.managedPolicyArns: "
              + arns.size()
              + " policies, at most "
              + limits.maxManagedPolicies()
              + " may be attached to a role");
    }
    if (role.permissionsBoundaryArn() != null
        && !MANAGED_POLICY_ARN.matcher(role.permissionsBoundaryArn()).matches()) {
      errors.add(
          "spec.permissionsBoundaryArn: \""
              + role.permissionsBoundaryArn()
              + "\" is not a managed policy ARN");
    } else if (role.permissionsBoundaryArn() != null) {
      otherPartition("spec.permissionsBoundaryArn", role.permissionsBoundaryArn(), partition)
          .ifPresent(errors::add);
    }
    errors.addAll(inlinePolicies(role, limits));
    errors.addAll(tags(role.tags()));
    int trust = role.trust() == null ? 0 : role.trust().minifiedLength();
    if (trust > limits.maxTrustPolicyChars()) {
      errors.add(
          "spec.trust: the rendered trust policy is "
              + trust
              + " characters (whitespace not counted) but the limit is "
              + limits.maxTrustPolicyChars());
    }
    return errors;
  }

  /** IAM refuses a policy ARN of another partition than the account's ("ARN is not valid"). */
  private static java.util.Optional<String> otherPartition(
      String field, String arn, String partition) {
    String of = arn.split(":", 3)[1];
    return of.equals(partition)
        ? java.util.Optional.empty()
        : java.util.Optional.of(
            "%s: \"%s\" is in partition %s, but the account is in partition %s"
                .formatted(field, arn, of, partition));
  }

  private static List<String> inlinePolicies(DesiredRole role, RoleLimits limits) {
    List<String> errors = new ArrayList<>();
    Map<String, String> byLowerCase = new HashMap<>();
    int total = 0;
    for (String name : new TreeSet<>(role.inlinePolicies().keySet())) {
      if (!POLICY_NAME.matcher(name).matches()) {
        errors.add(
            "spec.inlinePolicies["
                + name
                + "].name: must be 1-128 characters of letters, digits and +=,.@_-");
      }
      // IAM names are otherwise unique regardless of case; never rely on it for inline ones.
      String clash = byLowerCase.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      if (clash != null) {
        errors.add(
            "spec.inlinePolicies[" + name + "].name: differs from \"" + clash + "\" only by case");
      }
      total += role.inlinePolicies().get(name).minifiedLength();
    }
    if (total > limits.maxInlinePolicyChars()) {
      errors.add(
          "spec.inlinePolicies: the documents total "
              + total
              + " characters (whitespace not counted) but the limit is "
              + limits.maxInlinePolicyChars());
    }
    return errors;
  }

  private static List<String> tags(Map<String, String> tags) {
    List<String> errors = new ArrayList<>();
    if (tags.size() > 50) {
      errors.add(
          "spec.tags: " + tags.size() + " tags (ownership tags included), at most 50 allowed");
    }
    for (String key : new TreeSet<>(tags.keySet())) {
      String value = tags.get(key);
      String field = "spec.tags[" + key + "]: ";
      if (key.isEmpty() || key.length() > 128 || !TAG_CHARS.matcher(key).matches()) {
        errors.add(field + "a key must be 1-128 letters, digits, spaces or _.:/=+-@");
      }
      if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        errors.add(field + "the aws: prefix is reserved for AWS");
      }
      if (value == null || value.length() > 256 || !TAG_CHARS.matcher(value).matches()) {
        errors.add(field + "a value must be at most 256 letters, digits, spaces or _.:/=+-@");
      }
    }
    return errors;
  }
}
