package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.EntityKind;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.SlotBudget.Held;
import io.xaccount.operator.reconciler.Ownership;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The grant pack slots of a namespace attached to some principals that no grant's status names:
 * left holding only Retained statements after their grants were deleted with Retain. Read from IAM
 * for {@link SlotBudgets}, only when a slot is to be created: ListAttachedUserPolicies,
 * ListAttachedGroupPolicies or ListAttachedRolePolicies of each principal under the packs' path,
 * and GetPolicy of a slot no grant names, for its namespace tag (once per slot and process).
 */
@ApplicationScoped
public class RetainedSlots {
  private static final int MAX_REMEMBERED = 20_000;

  private final IamPolicies policies;
  private final Ownership ownership;

  /**
   * The namespace tag of our slots no grant named when asked, by ARN ("" for an old shared one).
   */
  private final Map<String, String> namespaceOf = new ConcurrentHashMap<>();

  public RetainedSlots(IamPolicies policies, Ownership ownership) {
    this.policies = policies;
    this.ownership = ownership;
  }

  /**
   * The slots of {@code namespace} attached to the principals that no grant names.
   *
   * @param principals kind ({@code user}, {@code group}, {@code role}) to names, as the spec names
   *     them
   * @param named every slot some grant's status names
   */
  List<Held> unnamed(
      AccountClients clients,
      String namespace,
      Map<String, List<String>> principals,
      Set<String> named) {
    List<Held> found = new ArrayList<>();
    principals.forEach(
        (kind, names) -> {
          EntityKind entity = EntityKind.valueOf(kind.toUpperCase(Locale.ROOT));
          for (String name : names) {
            String member = kind.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
            for (String arn :
                policies.attachedPolicyArns(clients, entity, name, GrantPack.PATH_ROOT)) {
              if (GrantPack.slot(arn).isPresent()
                  && !named.contains(arn)
                  && namespace.equals(namespaceOf(clients, arn))) {
                found.add(new Held(arn, Set.of(member)));
              }
            }
          }
        });
    return found;
  }

  /**
   * The namespace tag of a slot, "" when it is not a pack of this cluster. A pack's hash includes
   * its namespace, so an ARN of our pack always names the same namespace's slot: remembered for
   * good. A policy at that ARN that is not ours (another cluster's, a squatter's) may give way to
   * ours: asked again next time.
   */
  private String namespaceOf(AccountClients clients, String arn) {
    String remembered = namespaceOf.get(arn);
    if (remembered != null) {
      return remembered;
    }
    var head = policies.getPolicy(clients, arn);
    if (head.isEmpty() || !ownership.ownsPack(head.get().tags())) {
      return "";
    }
    String namespace = head.get().tags().getOrDefault(Ownership.NAMESPACE, "");
    if (namespaceOf.size() >= MAX_REMEMBERED) {
      namespaceOf.clear();
    }
    namespaceOf.put(arn, namespace);
    return namespace;
  }
}
