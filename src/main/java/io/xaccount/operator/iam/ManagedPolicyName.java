package io.xaccount.operator.iam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name and path of the managed policy the operator creates for an AssumeRoleGrant.
 *
 * <p>Rule: path {@code /xaccount/<namespace>/}; name {@code <namespace>.<name>.<h>} where {@code
 * <h>} is the first 8 hex digits of SHA-256 of the grant's uid. IAM policy names are unique per
 * account whatever the path, so the namespace must be in the name; a Kubernetes namespace holds no
 * dot, so {@code <namespace>.} is unambiguous. The uid hash keeps two clusters (or a deleted and
 * recreated grant whose old policy was retained) from ever claiming the same policy. If the name
 * would exceed IAM's 128 characters, {@code <namespace>.<name>} is cut to fit before the hash.
 * Kubernetes names use only {@code [a-z0-9.-]}, all valid in IAM names and paths; the path is at
 * most 10 + 63 characters, far below IAM's 512.
 *
 * @param path the policy path
 * @param name the policy name
 */
public record ManagedPolicyName(String path, String name) {

  /** IAM's limit on a managed policy name. */
  public static final int MAX_NAME_LENGTH = 128;

  /** The policy name and path for the grant {@code namespace/name} with the given uid. */
  public static ManagedPolicyName forGrant(String namespace, String name, String uid) {
    String suffix = "." + sha256Hex(uid).substring(0, 8);
    String readable = namespace + "." + name;
    int room = MAX_NAME_LENGTH - suffix.length();
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    return new ManagedPolicyName("/xaccount/" + namespace + "/", readable + suffix);
  }

  /** The policy ARN in the given account. */
  public String arn(String partition, String accountId) {
    return Arns.policy(partition, accountId, path, name);
  }

  private static String sha256Hex(String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
