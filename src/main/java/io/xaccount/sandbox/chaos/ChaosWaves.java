package io.xaccount.sandbox.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.sandbox.chaos.ChaosWorkload.Planned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The create, change and delete waves of the chaos run, and waiting for them to settle. It keeps
 * what the audit needs to know of them: which resources were deleted with which policy and uid, and
 * what a {@code Retain} deletion left in IAM the moment the resource was gone.
 */
final class ChaosWaves {
  /**
   * A deleted resource: its uid, its deletion policy, what it had in IAM and whether that existed
   * when the deletion was asked (an out-of-band edit may have removed it just before).
   */
  record Deleted(
      Planned planned,
      String uid,
      boolean retain,
      String account,
      Entity entity,
      boolean entityExisted) {}

  /**
   * What a resource has in IAM: a role by name ({@code type} {@code role}), or a grant's statement
   * in its pack by the grant's uid as Sids carry it ({@code type} {@code grant}).
   */
  record Entity(String type, String name) {
    @Override
    public String toString() {
      return type.equals("grant") ? "the statement of grant " + name : type + " " + name;
    }
  }

  private static final Duration POLL = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChaosCluster cluster;
  private final io.xaccount.emulator.IamEmulator emulator;
  private final List<Planned> live = new ArrayList<>();
  private final List<Deleted> deleted = new ArrayList<>();
  private final Map<Deleted, String> released = new ConcurrentHashMap<>();
  private final Map<String, Instant> appliedAt = new LinkedHashMap<>();
  final List<String> refusedByApi = new ArrayList<>();

  ChaosWaves(ChaosCluster cluster, io.xaccount.emulator.IamEmulator emulator) {
    this.cluster = cluster;
    this.emulator = emulator;
  }

  synchronized List<Planned> live() {
    return List.copyOf(live);
  }

  List<Deleted> deleted() {
    return List.copyOf(deleted);
  }

  /** What each Retain deletion left ({@link #kept}) when its resource was gone. */
  Map<Deleted, String> released() {
    return Map.copyOf(released);
  }

  void create(List<Planned> planned) {
    for (Planned p : planned) {
      cluster.apply(p).ifPresent(refusal -> refusedByApi.add(p.key() + ": " + refusal));
      synchronized (this) {
        live.add(p);
      }
      appliedAt.put(p.key(), Instant.now());
    }
  }

  /** Tracks resources applied elsewhere (the corpus) as live ones. */
  synchronized void track(List<Planned> planned) {
    live.addAll(planned);
  }

  /** Changes the spec of every live resource {@code which} selects; returns how many. */
  int change(Predicate<Planned> which, java.util.function.BiConsumer<Planned, ObjectNode> how) {
    int changed = 0;
    for (Planned p : live()) {
      if (which.test(p)
          && cluster.edit(
              p,
              spec -> {
                how.accept(p, spec);
                return spec;
              })) {
        changed++;
      }
    }
    return changed;
  }

  /** Deletes every live resource {@code which} selects, remembering what it named in IAM. */
  void delete(Predicate<Planned> which) {
    for (Planned p : live()) {
      if (!which.test(p)) {
        continue;
      }
      CustomResource<?, ?> current = cluster.get(p);
      if (current == null) {
        continue;
      }
      deleted.add(withExistence(deletedRecord(p, current)));
      cluster.delete(p);
      synchronized (this) {
        live.remove(p);
      }
    }
  }

  private Deleted withExistence(Deleted d) {
    boolean existed =
        d.entity() != null && d.account() != null && current(d, GrantPackPlanner::sid) != null;
    return new Deleted(d.planned(), d.uid(), d.retain(), d.account(), d.entity(), existed);
  }

  /**
   * What a deleted resource left, as JSON text, null when nothing: its role's entry in the
   * authorization details, or its grant's Retained statement in a pack.
   */
  String kept(Deleted d) {
    return current(d, GrantPackPlanner::retainedSid);
  }

  /** Whether what a Retain deletion left is as it was when the resource was gone. */
  static boolean unchanged(Deleted d, String released, String now) {
    if (now == null || released == null || !d.entity().type().equals("grant")) {
      return java.util.Objects.equals(released, now);
    }
    try {
      return PackStatements.same(JSON.readTree(released), JSON.readTree(now));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }

  /** The role's entry, or the grant's statement under the Sid {@code sid} makes of its uid. */
  private String current(Deleted d, UnaryOperator<String> sid) {
    if (d.entity().type().equals("role")) {
      return ChaosDecoys.entry(emulator, d.account(), "role", d.entity().name());
    }
    var statement = PackStatements.of(emulator, d.account()).get(sid.apply(d.uid()));
    return statement == null ? null : statement.toString();
  }

  private static Deleted deletedRecord(Planned p, CustomResource<?, ?> current) {
    String uid = current.getMetadata().getUid();
    if (current instanceof CrossAccountRole role) {
      boolean retain = "Retain".equals(String.valueOf(role.getSpec().getDeletionPolicy()));
      String account = role.getStatus() == null ? null : role.getStatus().getAccountId();
      return new Deleted(
          p, uid, retain, account, new Entity("role", role.getSpec().getRoleName()), false);
    }
    AssumeRoleGrant grant = (AssumeRoleGrant) current;
    boolean retain = "Retain".equals(String.valueOf(grant.getSpec().getDeletionPolicy()));
    var status = grant.getStatus();
    return new Deleted(
        p,
        uid,
        retain,
        status == null ? null : status.getAccountId(),
        new Entity("grant", GrantPackPlanner.hex(uid)),
        false);
  }

  /**
   * Waits until every live resource has settled and every deleted one is gone (noting what each
   * Retain deletion left when it went); false on timeout.
   */
  boolean awaitSettled(Duration timeout) throws InterruptedException {
    return await(timeout, false);
  }

  /**
   * Waits until every live resource has been seen settled for its current generation at least once
   * and every deleted one is gone: under faults, hundreds of resources are never all Ready at the
   * same moment (a resync meeting an injected error makes one Throttled for a while).
   */
  boolean awaitReached(Duration timeout) throws InterruptedException {
    return await(timeout, true);
  }

  private boolean await(Duration timeout, boolean once) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Set<String> reached = new HashSet<>();
    while (Instant.now().isBefore(deadline)) {
      boolean all = true;
      Map<String, CustomResource<?, ?>> now = cluster.snapshot();
      for (Deleted d : deleted) {
        boolean gone = ChaosCluster.settled(d.planned(), true, now.get(d.planned().key()));
        if (gone && d.retain() && d.entity() != null && d.account() != null) {
          released.computeIfAbsent(d, x -> String.valueOf(kept(x)));
        }
        all &= gone;
      }
      for (Planned p : live()) {
        CustomResource<?, ?> r = now.get(p.key());
        String seen = p.key() + "@" + (r == null ? null : r.getMetadata().getGeneration());
        if (ChaosCluster.settled(p, false, r)) {
          reached.add(seen);
        } else if (!once || !reached.contains(seen)) {
          all = false;
        }
      }
      if (all) {
        return true;
      }
      Thread.sleep(POLL.toMillis());
    }
    return false;
  }

  /** The live resources not settled yet, for the report. */
  List<String> unsettled() {
    List<String> out = new ArrayList<>();
    Map<String, CustomResource<?, ?>> now = cluster.snapshot();
    for (Planned p : live()) {
      CustomResource<?, ?> r = now.get(p.key());
      if (!ChaosCluster.settled(p, false, r)) {
        out.add(p.key() + " " + (r == null ? "missing" : ChaosCluster.describe(r)));
      }
    }
    for (Deleted d : deleted) {
      if (now.containsKey(d.planned().key())) {
        out.add(d.planned().key() + " still present (deleted)");
      }
    }
    return out;
  }
}
