package io.xaccount.sandbox;

import io.fabric8.kubernetes.client.CustomResource;
import io.xaccount.emulator.Call;
import io.xaccount.emulator.IamEmulator;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.sandbox.ChaosDecoys.Decoy;
import io.xaccount.sandbox.ChaosWaves.Deleted;
import io.xaccount.sandbox.ChaosWorkload.Planned;
import io.xaccount.sandbox.IamInventory.Entity;
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

  private static final String MANAGED_BY = "xaccount.io/managed-by";
  private static final String CLUSTER = "xaccount.io/cluster";
  private static final String KIND = "xaccount.io/kind";
  private static final String UID = "xaccount.io/uid";
  private static final String RELEASED = "xaccount.io/released";
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

  /** Each owned entity belongs to a live resource (or was released by a Retain deletion). */
  private void checkOwnedEntities(
      List<Entity> ours, Map<String, CustomResource<?, ?>> live, Map<String, Deleted> deleted) {
    List<String> orphans = new ArrayList<>();
    List<String> wronglyReleased = new ArrayList<>();
    int shared = 0;
    for (Entity e : ours) {
      String uid = e.tag(UID);
      if (uid == null) {
        // Names no single resource (a policy shared by several): judged by the restart's writes.
        shared++;
        continue;
      }
      Deleted d = deleted.get(uid);
      if (e.tags().containsKey(RELEASED)) {
        if (d == null || !d.retain()) {
          wronglyReleased.add(
              e + " released, but its resource " + owner(e) + " was not Retain-deleted");
        }
        continue;
      }
      CustomResource<?, ?> resource = live.get(uid);
      if (resource == null || !resource.getKind().equals(e.tag(KIND))) {
        orphans.add(e + " names " + owner(e) + ", which does not exist");
      }
    }
    looked.put("sharedEntities", shared);
    add("entitiesWithoutLiveResource", orphans);
    add("releasedWithoutRetain", wronglyReleased);
  }

  /** No resource has two entities of one type. */
  private void checkDuplicates(List<Entity> ours) {
    Map<String, List<Entity>> byOwner = new HashMap<>();
    for (Entity e : ours) {
      if (e.tag(UID) != null) {
        byOwner
            .computeIfAbsent(
                e.type() + " " + e.tag(KIND) + " " + e.tag(UID), k -> new ArrayList<>())
            .add(e);
      }
    }
    add(
        "duplicatedEntities",
        byOwner.entrySet().stream()
            .filter(x -> x.getValue().size() > 1)
            .map(x -> x.getKey() + ": " + x.getValue())
            .toList());
  }

  /** Delete left nothing; Retain left its entity released and untouched since. */
  private void checkDeletions(List<Entity> ours) {
    List<String> leftBehind = new ArrayList<>();
    List<String> retainLost = new ArrayList<>();
    List<String> retainTouched = new ArrayList<>();
    Map<Deleted, String> released = waves.released();
    for (Deleted d : waves.deleted()) {
      List<Entity> named = ours.stream().filter(e -> d.uid().equals(e.tag(UID))).toList();
      if (!d.retain()) {
        named.forEach(e -> leftBehind.add(d.planned().key() + " (Delete) left " + e));
        continue;
      }
      if (!d.entityExisted()) {
        // Nothing to keep: someone deleted it out of band just before the resource went.
        continue;
      }
      String now = ChaosDecoys.entry(emulator, d.account(), d.entity().type(), d.entity().name());
      if (now == null || named.stream().noneMatch(e -> e.tags().containsKey(RELEASED))) {
        retainLost.add(d.planned().key() + " (Retain): " + d.entity() + " is gone or not released");
      } else if (!now.equals(released.get(d))) {
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

  /** A Ready role's IAM role exists with our tags naming it; a Ready grant's policy exists. */
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
      String name = arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
      boolean found =
          ours.stream().anyMatch(e -> e.type().equals("policy") && e.name().equals(name));
      return found
          ? java.util.Optional.empty()
          : java.util.Optional.of("policy " + arn + " of " + uid);
    }
    return java.util.Optional.empty();
  }

  /** At most five versions (IAM's limit), and no policy of ours left attached to nothing. */
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

  private static String owner(Entity e) {
    return e.tag(KIND) + " " + e.tag("xaccount.io/namespace") + "/" + e.tag("xaccount.io/name");
  }

  private void add(String check, List<String> found) {
    findings.put(check, List.copyOf(found));
  }
}
