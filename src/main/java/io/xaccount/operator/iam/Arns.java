package io.xaccount.operator.iam;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds and reads the IAM ARNs the operator deals in. */
public final class Arns {

  /** The commercial partition, assumed when nothing says otherwise. */
  public static final String DEFAULT_PARTITION = "aws";

  /** The partitions the operator supports. */
  public static final Set<String> PARTITIONS = Set.of("aws", "aws-us-gov", "aws-cn");

  private static final Pattern ANY_ARN = Pattern.compile("arn:([a-z-]+):[^:]*:[^:]*:[^:]*:.+");
  private static final Pattern ROLE_ARN =
      Pattern.compile(
          "arn:(aws|aws-us-gov|aws-cn):iam::(\\d{12}):role((?:/[\\w+=,.@-]+)*/)([\\w+=,.@-]{1,64})");

  private Arns() {}

  /** The ARN IAM stores for an account principal: {@code arn:<partition>:iam::<id>:root}. */
  public static String accountRoot(String partition, String accountId) {
    return "arn:" + partition + ":iam::" + accountId + ":root";
  }

  /** {@code arn:<partition>:iam::<account>:role<path><name>}; a null path means {@code /}. */
  public static String role(String partition, String accountId, String path, String name) {
    return "arn:" + partition + ":iam::" + accountId + ":role" + orRoot(path) + name;
  }

  /** {@code arn:<partition>:iam::<account>:policy<path><name>}; a null path means {@code /}. */
  public static String policy(String partition, String accountId, String path, String name) {
    return "arn:" + partition + ":iam::" + accountId + ":policy" + orRoot(path) + name;
  }

  /** The partition of any well-formed ARN. */
  public static Optional<String> partitionOf(String arn) {
    Matcher m = arn == null ? null : ANY_ARN.matcher(arn);
    return m != null && m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Role ARNs name the same role when all parts match, the name without regard to case. */
  public static boolean sameRole(String a, String b) {
    var left = parseRole(a);
    var right = parseRole(b);
    if (left.isEmpty() || right.isEmpty()) {
      return a.equals(b);
    }
    return left.get().partition().equals(right.get().partition())
        && left.get().accountId().equals(right.get().accountId())
        && left.get().path().equals(right.get().path())
        && left.get().name().equalsIgnoreCase(right.get().name());
  }

  /** A role ARN taken apart, or empty when {@code arn} is not a well-formed IAM role ARN. */
  public static Optional<RoleArn> parseRole(String arn) {
    Matcher m = arn == null ? null : ROLE_ARN.matcher(arn);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new RoleArn(m.group(1), m.group(2), m.group(3), m.group(4)));
  }

  private static String orRoot(String path) {
    return path == null || path.isEmpty() ? "/" : path;
  }

  /** The parts of an IAM role ARN. */
  public record RoleArn(String partition, String accountId, String path, String name) {

    /** The ARN these parts make. */
    public String arn() {
      return role(partition, accountId, path, name);
    }
  }
}
