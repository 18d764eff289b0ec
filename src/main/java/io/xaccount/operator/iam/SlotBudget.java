package io.xaccount.operator.iam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How many grant pack slots one namespace's grants hold on each principal, and whether a placement
 * that creates more stays within the account's {@code maxGrantSlotsPerPrincipal}.
 *
 * <p>IAM lets a group hold 10 managed policies, a user or role 10 to 20. Each namespace has its own
 * packs ({@link GrantPack}), and each principal set its own pack, so without a bound one tenant
 * could fill a principal with slots of sets that differ by one name (issue 24) and the next grant
 * to it, another tenant's or the admins' own attachment, fails with LimitExceeded. Principals are
 * counted as {@link GrantPack#members} names them ({@code group/developers}).
 */
public final class SlotBudget {
  /** The guardrail's name, as the AwsAccount spells it. */
  public static final String RULE = "maxGrantSlotsPerPrincipal";

  /**
   * The default: two slots (about 70 grants of one set, or two sets) per namespace and principal
   * leave a group, which holds 10 policies whatever AWS is asked, room for four namespaces and two
   * policies of the admins' own.
   */
  public static final int DEFAULT_MAX = 2;

  private SlotBudget() {}

  /**
   * A slot a namespace holds, and the principals it is attached to or is to be.
   *
   * @param slotArn the slot's ARN
   * @param members the principals, as {@link GrantPack#members}
   */
  public record Held(String slotArn, Set<String> members) {}

  /**
   * The slot a grant of {@code namespace} holds according to its status: for the principals of its
   * spec when the slot is of their pack; else (it is moving to other principals) for those its
   * status says the slot is attached to. Empty when the status names no slot, or a slot of a pack
   * an earlier version shared between namespaces (no namespace's own: the grant is leaving it).
   */
  public static Optional<Held> held(
      String cluster,
      String namespace,
      String policyArn,
      Map<String, List<String>> spec,
      Map<String, List<String>> attached) {
    Optional<GrantPack.Slot> slot = GrantPack.slot(policyArn);
    if (slot.isEmpty()) {
      return Optional.empty();
    }
    String hash = slot.get().hash();
    if (GrantPack.of(cluster, spec, namespace).hash().equals(hash)) {
      return Optional.of(new Held(policyArn, GrantPack.members(spec)));
    }
    boolean shared =
        GrantPack.shared(cluster, spec).map(p -> p.hash().equals(hash)).orElse(false)
            || GrantPack.shared(cluster, attached).map(p -> p.hash().equals(hash)).orElse(false);
    SortedSet<String> members = GrantPack.members(attached);
    return shared || members.isEmpty()
        ? Optional.empty()
        : Optional.of(new Held(policyArn, members));
  }

  /** The slots each of {@code members} is held for, by member. */
  public static Map<String, Set<String>> byMember(Collection<Held> held, Set<String> members) {
    Map<String, Set<String>> slots = new TreeMap<>();
    members.forEach(m -> slots.put(m, new TreeSet<>()));
    for (Held h : held) {
      for (String m : h.members()) {
        if (slots.containsKey(m)) {
          slots.get(m).add(h.slotArn());
        }
      }
    }
    return slots;
  }

  /** How many more slots a pack for {@code members} may create: 0 when one is at the limit. */
  public static int room(Map<String, Set<String>> byMember, int limit) {
    int most = byMember.values().stream().mapToInt(Set::size).max().orElse(0);
    return Math.max(0, limit - most);
  }

  /**
   * Why {@code needed} more slots for these principals are refused: one violation per principal
   * that would pass the limit, naming it, its count, the guardrail and what to do.
   */
  public static List<Violation> refusals(
      Map<String, Set<String>> byMember, int needed, int limit, String namespace) {
    List<Violation> violations = new ArrayList<>();
    byMember.forEach(
        (member, slots) -> {
          if (slots.size() + needed > limit) {
            violations.add(
                Violation.of(
                    RULE,
                    "spec.principals",
                    member,
                    ("namespace %s already has %d grant %s for %s, the most one"
                            + " namespace may hold on one principal (%d); this grant needs %d more."
                            + " Grant to a set of principals the namespace already grants to (its"
                            + " policies take about 35 grants each), or ask the account's admins"
                            + " to raise guardrails.%s")
                        .formatted(
                            namespace,
                            slots.size(),
                            slots.size() == 1 ? "policy" : "policies",
                            member,
                            limit,
                            needed,
                            RULE)));
          }
        });
    return violations;
  }
}
