package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.xaccount.emulator.IamEmulator;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.sandbox.chaos.ChaosDecoys.Decoy;
import io.xaccount.sandbox.chaos.ChaosWaves.Deleted;
import io.xaccount.sandbox.chaos.ChaosWorkload.Planned;
import io.xaccount.sandbox.chaos.IamInventory.Entity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The audit at the end of the run, from the accounts' authorization details and the API's objects,
 * knowing our entities only by their ownership tags (so that it holds whatever the operator's
 * naming or packing of entities): each check lists what it found, and the run passes when every
 * list is empty.
 */
final class ChaosAudit {
  /** The audit: each check with what it found (empty: passed) and what was looked at. */
  record Result(Map<String, List<String>> findings, Map<String, Integer> looked) {
    boolean passed() {
      return findings.values().stream().allMatch(List::isEmpty);
    }
  }

  private static final String MANAGED_BY = Ownership.MANAGED_BY;
  private static final String CLUSTER = Ownership.CLUSTER;
  private static final String KIND = Ownership.KIND;
  private static final String UID = Ownership.UID;
  private static final String RELEASED = Ownership.RELEASED;
  private static final int MAX_VERSIONS = 5;

  private final IamEmulator emulator;
  private final AdminIam admin;
  private final ChaosCluster cluster;
  private final ChaosWaves waves;
  private final Map<String, List<String>> findings = new LinkedHashMap<>();
  private final Map<String, Integer> looked = new LinkedHashMap<>();

  ChaosAudit(IamEmulator emulator, AdminIam admin, ChaosCluster cluster, ChaosWaves waves) {
    this.emulator = emulator;
    this.admin = admin;
    this.cluster = cluster;
    this.waves = waves;
  }

  Result run(
      Map<Decoy, String> decoysAfter,
      Map<Decoy, String> decoysBefore,
      List<Call> restartWrites,
      List<String> unexpectedExits,
      List<String> kubeFaultFindings,
      List<String> corpusFindings,
      List<ChaosReport.Phase> phases) {
    String us = cluster.client().namespaces().withName("kube-system").get().getMetadata().getUid();
    List<Entity> inventory = IamInventory.read(emulator, admin, ChaosWorkload.ACCOUNTS);
    List<Entity> ours =
        inventory.stream()
            .filter(e -> "xaccount-operator".equals(e.tag(MANAGED_BY)) && us.equals(e.tag(CLUSTER)))
            .toList();
    looked.put("entitiesWithOurTags", ours.size());
    looked.put("entities", inventory.size());
    Map<String, CustomResource<?, ?>> liveByUid = liveByUid();
    looked.put("liveResources", liveByUid.size());
    Map<String, Deleted> deletedByUid =
        waves.deleted().stream().collect(Collectors.toMap(Deleted::uid, d -> d, (a, b) -> a));

    checkOwnedEntities(ours, liveByUid, deletedByUid);
    checkDuplicates(ours);
    checkDeletions(ours);
    checkDecoys(decoysBefore, decoysAfter);
    add(
        "iamWritesWhenResyncedAfterRestart",
        restartWrites.stream()
            .map(
                c ->
                    c.action()
                        + " "
                        + c.entity()
                        + (c.succeeded() ? "" : " (" + c.errorCode() + ")"))
            .toList());
    checkResources(liveByUid, ours);
    checkPolicyVersions(ours);
    add("unexpectedOperatorExits", unexpectedExits);
    add("kubernetesFaultSegment", kubeFaultFindings);
    add("badInputCorpus", corpusFindings);
    add(
        "phasesNotDone",
        phases.stream().filter(p -> !p.completed()).map(ChaosReport.Phase::name).toList());
    add("refusedByApiInWaves", waves.refusedByApi);
    return new Result(findings, looked);
  }

  /**
   * Each owned entity belongs to a live resource (or was released by a Retain deletion); a grant
   * pack's slot belongs to live resources when each of its statements is a live grant's or the
   * Retained statement of a grant deleted with Retain, and it is not left empty.
   */
  private void checkOwnedEntities(
      List<Entity> ours, Map<String, CustomResource<?, ?>> live, Map<String, Deleted> deleted) {
    List<String> orphans = new ArrayList<>();
    List<String> wronglyReleased = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    Set<String> liveGrants =
        hexes(live.values().stream().filter(AssumeRoleGrant.class::isInstance));
    Set<String> retainedGrants =
        deleted.values().stream()
            .filter(d -> d.retain() && d.planned().kind().equals("AssumeRoleGrant"))
            .map(d -> GrantPackPlanner.hex(d.uid()))
            .collect(Collectors.toSet());
    int slots = 0;
    for (Entity e : ours) {
      if (Ownership.GRANT_PACK.equals(e.tag(KIND))) {
        slots++;
        if (e.tags().containsKey(RELEASED)) {
          wronglyReleased.add(e + " is a grant pack's slot, which nothing releases");
        }
        List<JsonNode> statements = PackStatements.statements(e.detail());
        if (statements.isEmpty()) {
          empty.add(e + " holds no statement");
        }
        for (JsonNode statement : statements) {
          String sid = statement.path("Sid").asText("");
          if (GrantPackPlanner.isRetained(sid)) {
            if (!retainedGrants.contains(sid.substring("Retained".length()))) {
              wronglyReleased.add(e + " holds " + sid + ", not of a grant deleted with Retain");
            }
          } else if (GrantPackPlanner.uidHex(sid).filter(liveGrants::contains).isEmpty()) {
            orphans.add(e + " holds statement " + sid + ", of no live grant");
          }
        }
        continue;
      }
      String uid = e.tag(UID);
      if (e.tags().containsKey(RELEASED)) {
        Deleted d = uid == null ? null : deleted.get(uid);
        if (d == null || !d.retain()) {
          wronglyReleased.add(
              e + " released, but its resource " + owner(e) + " was not Retain-deleted");
        }
        continue;
      }
      CustomResource<?, ?> resource = uid == null ? null : live.get(uid);
      if (resource == null || !resource.getKind().equals(e.tag(KIND))) {
        orphans.add(e + " names " + owner(e) + ", which does not exist");
      }
    }
    looked.put("grantPackSlots", slots);
    add("entitiesWithoutLiveResource", orphans);
    add("releasedWithoutRetain", wronglyReleased);
    add("emptyGrantPackSlots", empty);
  }

  /**
   * No resource has two entities of one type, and no grant's statement (live or Retained) is in two
   * places.
   */
  private void checkDuplicates(List<Entity> ours) {
    Map<String, List<String>> byOwner = new HashMap<>();
    for (Entity e : ours) {
      if (Ownership.GRANT_PACK.equals(e.tag(KIND))) {
        for (JsonNode statement : PackStatements.statements(e.detail())) {
          byOwner
              .computeIfAbsent(
                  "statement " + statement.path("Sid").asText(""), k -> new ArrayList<>())
              .add(e.toString());
        }
      } else if (e.tag(UID) != null) {
        byOwner
            .computeIfAbsent(
                e.type() + " " + e.tag(KIND) + " " + e.tag(UID), k -> new ArrayList<>())
            .add(e.toString());
      }
    }
    add(
        "duplicatedEntities",
        byOwner.entrySet().stream()
            .filter(x -> x.getValue().size() > 1)
            .map(x -> x.getKey() + ": " + x.getValue())
            .toList());
  }

  /**
   * Delete left nothing (no entity naming the resource, no statement of the grant); Retain left the
   * role released, or the grant's statement Retained, and untouched since.
   */
  private void checkDeletions(List<Entity> ours) {
    List<String> leftBehind = new ArrayList<>();
    List<String> retainLost = new ArrayList<>();
    List<String> retainTouched = new ArrayList<>();
    Map<Deleted, String> released = waves.released();
    Map<String, List<String>> slotsBySid = new HashMap<>();
    for (Entity e : ours) {
      if (Ownership.GRANT_PACK.equals(e.tag(KIND))) {
        PackStatements.statements(e.detail())
            .forEach(
                s ->
                    slotsBySid
                        .computeIfAbsent(s.path("Sid").asText(""), k -> new ArrayList<>())
                        .add(e.toString()));
      }
    }
    for (Deleted d : waves.deleted()) {
      List<String> named =
          new ArrayList<>(
              ours.stream().filter(e -> d.uid().equals(e.tag(UID))).map(Entity::toString).toList());
      boolean grant = d.planned().kind().equals("AssumeRoleGrant");
      if (grant) {
        slotsBySid
            .getOrDefault(GrantPackPlanner.sid(d.uid()), List.of())
            .forEach(slot -> named.add("its statement in " + slot));
      }
      if (!d.retain()) {
        if (grant) {
          slotsBySid
              .getOrDefault(GrantPackPlanner.retainedSid(d.uid()), List.of())
              .forEach(slot -> named.add("a Retained statement in " + slot));
        }
        named.forEach(e -> leftBehind.add(d.planned().key() + " (Delete) left " + e));
        continue;
      }
      if (!d.entityExisted()) {
        // Nothing to keep: someone deleted it out of band just before the resource went.
        continue;
      }
      String now = waves.kept(d);
      boolean releasedNow =
          grant
              ? named.isEmpty()
              : ours.stream()
                  .anyMatch(e -> d.uid().equals(e.tag(UID)) && e.tags().containsKey(RELEASED));
      if (now == null || !releasedNow) {
        retainLost.add(d.planned().key() + " (Retain): " + d.entity() + " is gone or not released");
      } else if (!ChaosWaves.unchanged(d, released.get(d), now)) {
        retainTouched.add(
            d.planned().key() + " (Retain): " + d.entity() + " changed after release");
      }
    }
    looked.put("deleted", waves.deleted().size());
    looked.put("retained", (int) waves.deleted().stream().filter(Deleted::retain).count());
    add("deletedLeftBehind", leftBehind);
    add("retainedNotKept", retainLost);
    add("retainedTouchedAfterRelease", retainTouched);
  }

  private void checkDecoys(Map<Decoy, String> before, Map<Decoy, String> after) {
    looked.put("decoys", before.size());
    add(
        "decoysChanged",
        before.keySet().stream()
            .filter(d -> !Objects.equals(before.get(d), after.get(d)))
            .map(d -> d + (after.get(d) == null ? " is gone" : " changed"))
            .toList());
  }

  /** Ready or truthfully terminal, for the current generation; nothing stuck terminating. */
  private void checkResources(Map<String, CustomResource<?, ?>> live, List<Entity> ours) {
    List<String> untruthful = new ArrayList<>();
    List<String> terminating = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Map<String, Planned> planned =
        waves.live().stream().collect(Collectors.toMap(Planned::key, p -> p, (a, b) -> a));
    for (CustomResource<?, ?> r : live.values()) {
      String key =
          r.getKind() + " " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
      if (r.getMetadata().getDeletionTimestamp() != null) {
        terminating.add(key);
      }
      Planned p = planned.get(key);
      Set<String> ends = p == null ? Set.of("Converged") : p.ends();
      String reason = ChaosCluster.reasonOf(r).orElse(null);
      if (reason == null || !ends.contains(reason)) {
        untruthful.add(key + " expected " + ends + ", is " + ChaosCluster.describe(r));
      }
      if ("Converged".equals(reason)) {
        checkEntityOf(r, ours).ifPresent(missing::add);
      }
    }
    add("notReadyOrUntruthful", untruthful);
    add("stuckTerminating", terminating);
    add("readyWithoutEntity", missing);
  }

  /**
   * A Ready role's IAM role exists with our tags naming it; a Ready grant's statement is in the
   * slot its status names.
   */
  private static java.util.Optional<String> checkEntityOf(
      CustomResource<?, ?> r, List<Entity> ours) {
    String uid = r.getMetadata().getUid();
    if (r instanceof CrossAccountRole role) {
      boolean found =
          ours.stream()
              .anyMatch(
                  e ->
                      e.type().equals("role")
                          && e.name().equals(role.getSpec().getRoleName())
                          && uid.equals(e.tag(UID)));
      return found
          ? java.util.Optional.empty()
          : java.util.Optional.of(role.getSpec().getRoleName() + " of " + uid);
    }
    if (r instanceof AssumeRoleGrant grant && grant.getStatus() != null) {
      String arn = grant.getStatus().getPolicyArn();
      String sid = GrantPackPlanner.sid(uid);
      boolean found =
          ours.stream()
              .anyMatch(
                  e ->
                      e.type().equals("policy")
                          && e.detail().path("Arn").asText().equals(arn)
                          && PackStatements.statements(e.detail()).stream()
                              .anyMatch(s -> sid.equals(s.path("Sid").asText(""))));
      return found
          ? java.util.Optional.empty()
          : java.util.Optional.of("statement " + sid + " in " + arn + " of " + uid);
    }
    return java.util.Optional.empty();
  }

  /**
   * At most five versions (IAM's limit), and no policy of ours, grant packs' slots included, left
   * attached to nothing.
   */
  private void checkPolicyVersions(List<Entity> ours) {
    add(
        "ownedPoliciesAttachedToNothing",
        ours.stream()
            .filter(e -> e.type().equals("policy") && !e.tags().containsKey(RELEASED))
            .filter(e -> e.detail().path("AttachmentCount").asInt() == 0)
            .map(Entity::toString)
            .toList());
    add(
        "policyVersionLeaks",
        ours.stream()
            .filter(e -> e.type().equals("policy"))
            .filter(e -> e.detail().path("PolicyVersionList").size() > MAX_VERSIONS)
            .map(e -> e + " has " + e.detail().path("PolicyVersionList").size() + " versions")
            .toList());
  }

  private Map<String, CustomResource<?, ?>> liveByUid() {
    Map<String, CustomResource<?, ?>> out = new LinkedHashMap<>();
    for (var r :
        cluster.client().resources(CrossAccountRole.class).inAnyNamespace().list().getItems()) {
      out.put(r.getMetadata().getUid(), r);
    }
    for (var r :
        cluster.client().resources(AssumeRoleGrant.class).inAnyNamespace().list().getItems()) {
      out.put(r.getMetadata().getUid(), r);
    }
    return out;
  }

  private static Set<String> hexes(java.util.stream.Stream<CustomResource<?, ?>> resources) {
    return resources
        .map(r -> GrantPackPlanner.hex(r.getMetadata().getUid()))
        .collect(Collectors.toSet());
  }

  private static String owner(Entity e) {
    return e.tag(KIND) + " " + e.tag("xaccount.io/namespace") + "/" + e.tag("xaccount.io/name");
  }

  private void add(String check, List<String> found) {
    findings.put(check, List.copyOf(found));
  }
}
