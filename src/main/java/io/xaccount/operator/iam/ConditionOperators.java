package io.xaccount.operator.iam;

import java.util.Set;

/**
 * The condition operators IAM knows. IAM refuses a policy naming any other ({@code Invalid
 * Condition type}), so a typo must be refused before the first write, not by IAM halfway through
 * building a role.
 */
public final class ConditionOperators {
  private static final Set<String> BASE =
      Set.of(
          "StringEquals",
          "StringNotEquals",
          "StringEqualsIgnoreCase",
          "StringNotEqualsIgnoreCase",
          "StringLike",
          "StringNotLike",
          "NumericEquals",
          "NumericNotEquals",
          "NumericLessThan",
          "NumericLessThanEquals",
          "NumericGreaterThan",
          "NumericGreaterThanEquals",
          "DateEquals",
          "DateNotEquals",
          "DateLessThan",
          "DateLessThanEquals",
          "DateGreaterThan",
          "DateGreaterThanEquals",
          "Bool",
          "BinaryEquals",
          "IpAddress",
          "NotIpAddress",
          "ArnEquals",
          "ArnLike",
          "ArnNotEquals",
          "ArnNotLike",
          "Null");

  private static final String IF_EXISTS = "IfExists";

  private ConditionOperators() {}

  /**
   * True for an operator IAM accepts: a base operator, optionally with the {@code ForAnyValue:} or
   * {@code ForAllValues:} qualifier and the {@code IfExists} suffix ({@code Null} takes none).
   */
  public static boolean isKnown(String operator) {
    String op = operator.replaceFirst("^(ForAnyValue|ForAllValues):", "");
    String base = op.endsWith(IF_EXISTS) ? op.substring(0, op.length() - IF_EXISTS.length()) : op;
    return BASE.contains(base) && !(base.equals("Null") && !base.equals(op));
  }
}
