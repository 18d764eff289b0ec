package io.xaccount.operator.reconciler.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.GrantPrincipals;
import io.xaccount.operator.aws.AccountClients;
import io.xaccount.operator.aws.AwsFailure;
import io.xaccount.operator.aws.IamPolicies;
import io.xaccount.operator.aws.IamPolicies.Entities;
import io.xaccount.operator.aws.IamPolicies.EntityKind;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.iam.GrantPackPlanner.Placement;
import io.xaccount.operator.iam.GrantPackPlanner.SlotState;
import io.xaccount.operator.iam.PlannedCall;
import io.xaccount.operator.iam.PolicyDiff;
import io.xaccount.operator.iam.PolicyVersionChange;
import io.xaccount.operator.iam.PolicyVersionPlanner;
import io.xaccount.operator.iam.SlotBudget;
import io.xaccount.operator.iam.Validated;
import io.xaccount.operator.reconciler.AwsFailures;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.account.AccountGuardrails;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * managementPolicy Plan and Observe for a grant: where Manage would put its statement in its {@link
 * GrantPack} and which calls that takes (CreatePolicy, or DeletePolicyVersion/CreatePolicyVersion,
 * then the attachments), computed by {@link GrantPackPlanner} from a read of the pack
 * (ListPolicies, GetPolicy, GetPolicyVersion, ListPolicyVersions, ListEntitiesForPolicy). It takes
 * no part in the pack's lock or batches and writes nothing.
 *
 * <p>A pack is shared by the grants of one namespace that reach the same principals (and, until
 * they move, by grants of several namespaces in a pack of an earlier version), so a diff shows this
 * grant's own statement only; other statements that a write would change are counted, never shown.
 */
@ApplicationScoped
public class GrantPreviews {
  private final IamPolicies policies;
  private final GrantPacks packs;
  private final SlotBudgets budgets;

  public GrantPreviews(IamPolicies policies, GrantPacks packs, SlotBudgets budgets) {
    this.policies = policies;
    this.packs = packs;
    this.budgets = budgets;
  }

  /**
   * What Manage would do with the grant's statement.
   *
   * @param calls the write calls, in order
   * @param slotArn where the statement is or would be; null when it is to leave the pack
   * @param inPlace true when the statement already is there, attached to every principal
   */
  record Preview(List<PlannedCall> calls, String slotArn, boolean inPlace) {}

  /** Placing {@code statement} (a live grant). */
  Preview place(
      AssumeRoleGrant grant,
      AccountClients clients,
      String partition,
      String accountId,
      GrantPack pack,
      JsonNode statement,
      Predicate<String> keep,
      SlotBudgets.Budget budget) {
    try {
      String sid = statement.get("Sid").asText();
      Set<Integer> unavailable = new TreeSet<>();
      Map<Integer, GrantPacks.Slot> slots = packs.list(clients, pack, unavailable);
      List<SlotState> states = slots.values().stream().map(GrantPacks.Slot::state).toList();
      Validated<Placement> placement = GrantPackPlanner.place(states, unavailable, statement, keep);
      if (!placement.isValid()) {
        throw new ReconcileFailure(Reason.LimitExceeded, placement.message());
      }
      if (!slots.containsKey(placement.get().slot())) {
        withinBudget(budget, clients, accountId, slots);
      }
      List<PlannedCall> calls = new ArrayList<>();
      writes(clients, pack, partition, accountId, slots, placement.get(), sid, calls);
      String arn = pack.slotArn(partition, accountId, placement.get().slot());
      Entities attached =
          slots.containsKey(placement.get().slot())
              ? policies.entitiesFor(clients, arn)
              : new Entities(Set.of(), Set.of(), Set.of());
      attachments(grant.getSpec().getPrincipals(), arn, attached, calls);
      return new Preview(calls, arn, calls.isEmpty());
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }

  /** Refuses, as Manage would, a new slot past the namespace's maxGrantSlotsPerPrincipal. */
  private void withinBudget(
      SlotBudgets.Budget budget,
      AccountClients clients,
      String accountId,
      Map<Integer, GrantPacks.Slot> slots) {
    List<String> listed = slots.values().stream().map(GrantPacks.Slot::arn).toList();
    Map<String, Set<String>> held = budgets.held(budget, clients, accountId, listed);
    if (SlotBudget.room(held, budget.limit()) < 1) {
      throw AccountGuardrails.refusal(
          budget.account(), SlotBudget.refusals(held, 1, budget.limit(), budget.namespace()));
    }
  }

  /** Taking the grant's statement out (its window ended): what Manage's expiry would write. */
  Preview remove(
      AccountClients clients,
      String partition,
      String accountId,
      GrantPack pack,
      String sid,
      Predicate<String> keep) {
    try {
      Map<Integer, GrantPacks.Slot> slots = packs.list(clients, pack, new TreeSet<>());
      List<SlotState> states = slots.values().stream().map(GrantPacks.Slot::state).toList();
      Placement removal = GrantPackPlanner.remove(states, sid, keep, Optional.empty());
      List<PlannedCall> calls = new ArrayList<>();
      writes(clients, pack, partition, accountId, slots, removal, sid, calls);
      return new Preview(calls, null, calls.isEmpty());
    } catch (AwsFailure f) {
      throw AwsFailures.toReconcileFailure(f);
    }
  }

  private void writes(
      AccountClients clients,
      GrantPack pack,
      String partition,
      String accountId,
      Map<Integer, GrantPacks.Slot> slots,
      Placement placement,
      String sid,
      List<PlannedCall> calls) {
    for (var write : placement.writes().entrySet()) {
      GrantPacks.Slot slot = slots.get(write.getKey());
      String arn = pack.slotArn(partition, accountId, write.getKey());
      if (slot == null) {
        calls.add(
            new PlannedCall(
                "CreatePolicy",
                arn,
                "create policy " + pack.path() + pack.slotName(write.getKey()),
                own(PolicyDiff.between(null, write.getValue()), sid)));
        continue;
      }
      for (PolicyVersionChange change :
          PolicyVersionPlanner.plan(
              write.getValue(), slot.document(), policies.versions(clients, arn))) {
        if (change instanceof PolicyVersionChange.DeletePolicyVersion d) {
          calls.add(new PlannedCall("DeletePolicyVersion", arn, d.describe(), List.of()));
        } else {
          calls.add(
              new PlannedCall(
                  "CreatePolicyVersion",
                  arn,
                  change.describe(),
                  own(PolicyDiff.between(slot.document(), write.getValue()), sid)));
        }
      }
    }
    for (int number : placement.deletes()) {
      calls.add(
          new PlannedCall(
              "DeletePolicy",
              pack.slotArn(partition, accountId, number),
              "delete policy (no grant is left in it; detached from everyone first)",
              List.of()));
    }
  }

  /**
   * Only the lines about the grant's own statement; the others (other grants' statements, or
   * statements Manage drops) are counted.
   */
  static List<String> own(List<String> lines, String sid) {
    List<String> shown = new ArrayList<>();
    int others = 0;
    for (String line : lines) {
      if (line.contains("Statement[" + sid + "]") || line.substring(2).startsWith("Version:")) {
        shown.add(line);
      } else {
        others++;
      }
    }
    if (others > 0) {
      shown.add(
          "~ %d more line(s) about other statements of this shared policy (not shown: not this"
              + " grant's)".formatted(others));
    }
    return shown;
  }

  private static void attachments(
      GrantPrincipals spec, String arn, Entities attached, List<PlannedCall> calls) {
    for (EntityKind kind : EntityKind.values()) {
      Set<String> desired = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      desired.addAll(names(spec, kind));
      Set<String> now = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      now.addAll(attached.of(kind));
      String noun = kind.name().charAt(0) + kind.name().substring(1).toLowerCase(Locale.ROOT);
      for (String name : now) {
        if (!desired.contains(name)) {
          calls.add(attachment("Detach", "-", noun, name, arn));
        }
      }
      for (String name : desired) {
        if (!now.contains(name)) {
          calls.add(attachment("Attach", "+", noun, name, arn));
        }
      }
    }
  }

  /** AttachUserPolicy, DetachGroupPolicy, ...: {@code verb} the slot to or from {@code name}. */
  private static PlannedCall attachment(
      String verb, String sign, String noun, String name, String arn) {
    return new PlannedCall(
        verb + noun + "Policy",
        arn,
        verb.toLowerCase(Locale.ROOT)
            + (verb.equals("Attach") ? " to " : " from ")
            + noun.toLowerCase(Locale.ROOT)
            + " "
            + name,
        List.of(sign + " " + noun + ": " + TextNode.valueOf(name)));
  }

  private static List<String> names(GrantPrincipals p, EntityKind kind) {
    List<String> names =
        p == null
            ? null
            : switch (kind) {
              case USER -> p.getUsers();
              case GROUP -> p.getGroups();
              case ROLE -> p.getRoles();
            };
    return names == null ? List.of() : names;
  }
}
