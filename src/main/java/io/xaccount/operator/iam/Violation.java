package io.xaccount.operator.iam;

/**
 * One guardrail a resource breaks. The message is a complete sentence for a {@code Forbidden}
 * condition: it starts with {@code guardrail <rule>:} and names the offending value.
 *
 * @param rule the guardrail field, e.g. {@code deniedManagedPolicyArns}
 * @param field the spec field at fault, e.g. {@code spec.managedPolicyArns}
 * @param value the offending value, e.g. a policy ARN or an action
 * @param message what is wrong, for status and events
 */
public record Violation(String rule, String field, String value, String message) {

  static Violation of(String rule, String field, String value, String detail) {
    return new Violation(rule, field, value, "guardrail " + rule + ": " + detail);
  }
}
