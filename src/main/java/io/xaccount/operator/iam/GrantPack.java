package io.xaccount.operator.iam;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The managed policies that carry the grants of one namespace reaching one set of principals: a
 * <em>pack</em>.
 *
 * <p>IAM lets a group hold 10 managed policies (not adjustable) and a user or role 10 to 20, so one
 * policy per grant stops at about ten grants per principal. Every AssumeRoleGrant of one namespace
 * of this cluster whose principals are the same set (in the same account) therefore puts its one
 * statement into the same operator-owned policies, its <em>slots</em>, numbered from 1; a slot
 * holds as many statements as IAM's 6,144-character limit allows (about 35), and a pack at most
 * {@link #MAX_SLOTS} slots.
 *
 * <p>Naming rule: the pack's hash is the first 12 hex digits of SHA-256 of the cluster identity,
 * the canonical principal set ({@code group/developers,user/alice}: kinds and lower-case names,
 * sorted; IAM names are unique without regard to case) and the namespace. Slot {@code n} is the
 * policy {@code xaccount-grants.<hash>.<n>} at path {@code /xaccount/grants/<hash>/}; the path
 * lists a pack's slots in one ListPolicies call, and the cluster in the hash keeps two clusters'
 * packs apart.
 *
 * <p>The namespace is in every pack (issue 24): a pack shared by several namespaces let one tenant
 * fill the slots another's grants use, and a Retain deletion leave a released statement in a policy
 * other tenants keep using. A role managed by a CrossAccountRole also keeps only the grant policies
 * of namespaces it trusts attached, which it tells apart by the namespace tag. Versions before
 * shared a pack between namespaces for a set without a role ({@link #shared}); a grant still there
 * moves to its namespace's pack as a grant whose principals changed does.
 *
 * @param hash the pack's hash
 * @param principals the canonical principal set
 * @param namespace the namespace whose grants alone use the pack
 */
public record GrantPack(String hash, String principals, String namespace) {

  /** The most slots a pack uses: a group holds at most 10 managed policies. */
  public static final int MAX_SLOTS = 10;

  /** Where every pack lives; the operator's own grant policies are under {@code /xaccount/}. */
  public static final String PATH_ROOT = "/xaccount/grants/";

  private static final Pattern SLOT_ARN =
      Pattern.compile(
          "^arn:([a-z-]+):iam::(\\d{12}):policy/xaccount/grants/([0-9a-f]{12})/xaccount-grants\\.\\3\\.(\\d+)$");

  /**
   * The pack of {@code principals} for a grant of {@code namespace} in this cluster.
   *
   * @param principals kind ({@code user}, {@code group}, {@code role}) to names
   */
  public static GrantPack of(
      String cluster, Map<String, List<String>> principals, String namespace) {
    Objects.requireNonNull(namespace, "a pack belongs to one namespace");
    String canonical = String.join(",", members(principals));
    return new GrantPack(
        sha256Hex(cluster + "\n" + canonical + "\n" + namespace).substring(0, 12),
        canonical,
        namespace);
  }

  /**
   * The pack earlier versions shared between the namespaces granting to a set without a role (its
   * hash has no namespace); a grant found there is moved to its namespace's pack. Empty for a set
   * with a role: that was always per namespace, as {@link #of} names it.
   */
  public static Optional<GrantPack> shared(String cluster, Map<String, List<String>> principals) {
    SortedSet<String> members = members(principals);
    if (members.stream().anyMatch(m -> m.startsWith("role/"))) {
      return Optional.empty();
    }
    String canonical = String.join(",", members);
    return Optional.of(
        new GrantPack(sha256Hex(cluster + "\n" + canonical).substring(0, 12), canonical, null));
  }

  /**
   * The principals of a set as {@code kind/name}, lower-case and sorted: how packs name them and
   * how slots are counted per principal.
   */
  public static SortedSet<String> members(Map<String, List<String>> principals) {
    SortedSet<String> members = new TreeSet<>();
    principals.forEach(
        (kind, names) ->
            names.forEach(
                n ->
                    members.add(kind.toLowerCase(Locale.ROOT) + "/" + n.toLowerCase(Locale.ROOT))));
    return members;
  }

  /** The path of every slot of this pack. */
  public String path() {
    return PATH_ROOT + hash + "/";
  }

  /** The policy name of slot {@code n}. */
  public String slotName(int n) {
    return "xaccount-grants." + hash + "." + n;
  }

  /** The ARN of slot {@code n} in the given account. */
  public String slotArn(String partition, String accountId, int n) {
    return Arns.policy(partition, accountId, path(), slotName(n));
  }

  /** The slot number when {@code policyArn} is a slot of this pack. */
  public Optional<Integer> slotOf(String policyArn) {
    return slot(policyArn).filter(s -> s.hash().equals(hash)).map(Slot::number);
  }

  /**
   * A slot of some pack, read from a policy ARN.
   *
   * @param partition the partition of its ARN
   * @param accountId its account
   * @param hash the pack's hash
   * @param number the slot number
   */
  public record Slot(String partition, String accountId, String hash, int number) {}

  /** The pack and slot a policy ARN names, empty when it is no slot (e.g. a policy of old). */
  public static Optional<Slot> slot(String policyArn) {
    if (policyArn == null) {
      return Optional.empty();
    }
    Matcher m = SLOT_ARN.matcher(policyArn);
    if (!m.matches() || m.group(4).length() > 2) {
      return Optional.empty();
    }
    return Optional.of(new Slot(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4))));
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
