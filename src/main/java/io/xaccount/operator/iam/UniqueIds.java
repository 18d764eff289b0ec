package io.xaccount.operator.iam;

import java.util.regex.Pattern;

/**
 * Recognises IAM unique IDs ({@code AROA...}, {@code AIDA...}): what IAM shows in a trust policy in
 * place of a principal ARN whose user or role was deleted (and maybe recreated). Such a principal
 * no longer matches anybody, so the operator re-puts the trust policy when it sees one.
 */
public final class UniqueIds {

  // Four-letter type prefix plus 17 upper-case alphanumerics: 21 characters in all.
  private static final Pattern UNIQUE_ID =
      Pattern.compile("(ABIA|ACCA|AGPA|AIDA|AIPA|AKIA|ANPA|ANVA|APKA|AROA|ASCA|ASIA)[A-Z0-9]{17}");

  private UniqueIds() {}

  /** True when {@code value} has the shape of an IAM unique ID. */
  public static boolean isUniqueId(String value) {
    return value != null && UNIQUE_ID.matcher(value).matches();
  }
}
