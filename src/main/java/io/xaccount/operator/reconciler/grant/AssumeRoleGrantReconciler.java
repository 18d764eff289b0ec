package io.xaccount.operator.reconciler.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrant;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantSpec;
import io.xaccount.operator.api.v1alpha1.AssumeRoleGrantStatus;
import io.xaccount.operator.api.v1alpha1.CrossAccountRole;
import io.xaccount.operator.api.v1alpha1.DeletionPolicy;
import io.xaccount.operator.api.v1alpha1.GrantPhase;
import io.xaccount.operator.api.v1alpha1.ManagementPolicy;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.GrantPackPlanner;
import io.xaccount.operator.iam.GrantRule;
import io.xaccount.operator.iam.GrantWindow;
import io.xaccount.operator.iam.Guardrails;
import io.xaccount.operator.iam.Validated;
import io.xaccount.operator.iam.Violation;
import io.xaccount.operator.reconciler.NotOurs;
import io.xaccount.operator.reconciler.Outcomes;
import io.xaccount.operator.reconciler.Ownership;
import io.xaccount.operator.reconciler.Plans;
import io.xaccount.operator.reconciler.Reason;
import io.xaccount.operator.reconciler.ReconcileFailure;
import io.xaccount.operator.reconciler.ResourceCensus;
import io.xaccount.operator.reconciler.SecretValues;
import io.xaccount.operator.reconciler.SpecOrAdoptionChanged;
import io.xaccount.operator.reconciler.SpecProblems;
import io.xaccount.operator.reconciler.account.AccountAccess;
import io.xaccount.operator.reconciler.account.AccountEventSource;
import io.xaccount.operator.reconciler.account.AccountGuardrails;
import io.xaccount.operator.reconciler.account.OperatorIdentities;
import io.xaccount.operator.reconciler.account.VerifiedAccount;
import io.xaccount.operator.reconciler.grant.GrantAttachments.Outcome;
import io.xaccount.operator.reconciler.grant.GrantPacks.Converged;
import io.xaccount.operator.reconciler.role.RoleSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Converges an AssumeRoleGrant in the trusted account: resolve its time window and the target role
 * (no AWS call), open the account, put the grant's one statement ({@code sts:AssumeRole} on the
 * role, with the window as {@code aws:CurrentTime} conditions) into the policies that carry the
 * grants of its principals ({@link GrantPacks}), attach them to exactly those principals, report,
 * and look again when the window opens or ends. Once it has ended the statement is taken out and
 * the grant stays, Expired ({@link GrantWindows}).
 *
 * <p>Economy: a converged, unchanged resync makes no write, and no IAM read of its own when the
 * account's shared bulk read is trusted about its slot; otherwise at most three (GetPolicy of its
 * slot, GetPolicyVersion when its default version is not known yet, ListEntitiesForPolicy).
 * sts:GetCallerIdentity is cached per account session.
 */
@ControllerConfiguration(
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrAdoptionChanged.class))
public class AssumeRoleGrantReconciler
    implements Reconciler<AssumeRoleGrant>, Cleaner<AssumeRoleGrant> {
  private static final Logger LOG = Logger.getLogger(AssumeRoleGrantReconciler.class);
  static final String ROLES = "grant-roles";

  private final AccountAccess access;
  private final GrantPacks packs;
  private final GrantPreviews previews;
  private final GrantDeleter deleter;
  private final Ownership ownership;
  private final Outcomes outcomes;
  private final SpecProblems specProblems;
  private final SecretValues secretValues;
  private final Clock clock;
  private final ResourceCensus census;
  private final LiveGrants live = new LiveGrants(System::nanoTime);

  public AssumeRoleGrantReconciler(
      AccountAccess access,
      GrantPacks packs,
      GrantPreviews previews,
      GrantDeleter deleter,
      Ownership ownership,
      Outcomes outcomes,
      SpecProblems specProblems,
      SecretValues secretValues,
      Clock clock,
      ResourceCensus census) {
    this.access = access;
    this.secretValues = secretValues;
    this.packs = packs;
    this.previews = previews;
    this.deleter = deleter;
    this.ownership = ownership;
    this.outcomes = outcomes;
    this.specProblems = specProblems;
    this.clock = clock;
    this.census = census;
  }

  /**
   * The grant's reconcile as named steps over one {@link GrantAttempt}: read the spec, end the
   * grant if its window or its role's disuse says so, reach the account and the target within the
   * guardrails, then preview (Plan, Observe), refresh what only the role's status changed, or place
   * the statement and report.
   */
  @Override
  public UpdateControl<AssumeRoleGrant> reconcile(
      AssumeRoleGrant resource, Context<AssumeRoleGrant> context) {
    Instant now = clock.instant();
    GrantWindow window = null;
    boolean putOff = false;
    try {
      GrantAttempt attempt = begin(resource, context, now);
      window = attempt.window();
      Optional<UpdateControl<AssumeRoleGrant>> ended = ended(attempt);
      if (ended.isPresent()) {
        return ended.get();
      }
      GrantAttempt.Reached reached = reach(attempt);
      if (attempt.policy() != ManagementPolicy.Manage) {
        // Every refusal Manage would make has been made in reach; from here on, reads only.
        return previewed(reached);
      }
      if (onlyPresentationChanged(reached)) {
        AssumeRoleGrantStatus last = resource.getStatus();
        Outcome unchanged = new Outcome(last.getAttachedPrincipals(), List.of(), List.of());
        return report(reached, last.getPolicyArn(), unchanged);
      }
      return place(reached);
    } catch (RoleSnapshots.ResyncDeferred deferred) {
      return outcomes.deferred(resource, deferred.after());
    } catch (GrantPacks.PackBusy busy) {
      putOff = true;
      return outcomes.putOff(resource, busy.after());
    } catch (ReconcileFailure f) {
      return failed(resource, f, window, now, context);
    } finally {
      if (!putOff) {
        // A statement left waiting when the grant was put off is written only while the grant
        // comes back to place it.
        packs.withdraw(resource);
      }
    }
  }

  /** Reads the spec: its problems and warnings, its time window, its management policy. */
  private GrantAttempt begin(
      AssumeRoleGrant resource, Context<AssumeRoleGrant> context, Instant now) {
    SpecProblems.Found read = specProblems.check(resource, AssumeRoleGrantSpec.class);
    return new GrantAttempt(
        resource,
        context,
        now,
        GrantWindows.of(resource, now),
        Plans.of(resource.getSpec().getManagementPolicy()),
        read.warnings());
  }

  /**
   * The end of the grant, when its window has ended or (Manage only: a plan starts no clock) its
   * role has gone unused for spec.expireWhenUnusedFor.
   */
  private Optional<UpdateControl<AssumeRoleGrant>> ended(GrantAttempt attempt) {
    AssumeRoleGrant resource = attempt.resource();
    boolean manage = attempt.policy() == ManagementPolicy.Manage;
    Optional<Duration> unusedPeriod = UnusedGrants.period(resource);
    if (attempt.window().phaseAt(attempt.now()) == GrantWindow.Phase.Expired) {
      return Optional.of(manage ? expire(attempt) : expirePreview(attempt));
    }
    if (!manage || unusedPeriod.isEmpty()) {
      return Optional.empty();
    }
    Optional<CrossAccountRole> role = targetRole(resource, attempt.context());
    Optional<UnusedGrants.Judgement> unused =
        UnusedGrants.judge(
            resource, unusedPeriod.get(), role, activeSince(resource), attempt.now());
    return unused.filter(UnusedGrants.Judgement::expired).map(u -> expireUnused(attempt, u, role));
  }

  /**
   * Resolves the target (no AWS call), opens the account, and judges the grant by the account's
   * guardrails: a refusal is thrown before anything is written or previewed.
   */
  private GrantAttempt.Reached reach(GrantAttempt attempt) {
    AssumeRoleGrant resource = attempt.resource();
    Context<AssumeRoleGrant> context = attempt.context();
    ResolvedTarget target =
        GrantTargets.resolve(
            resource,
            context.getSecondaryResource(CrossAccountRole.class, ROLES),
            attempt.policy() != ManagementPolicy.Manage);
    VerifiedAccount account =
        access.open(
            context, resource.getSpec().getAccountRef(), resource.getMetadata().getNamespace());
    checkAccountUnchanged(resource, account.accountId());
    GrantTargets.checkRoleRefTarget(
        target,
        account.partition(),
        ref ->
            AccountEventSource.cached(context, ref)
                .map(a -> a.getSpec() == null ? null : a.getSpec().getAccountId()));
    Guardrails guardrails = AccountGuardrails.of(account.account());
    GrantRule.Request request = guarded(resource, target, account, context);
    List<Violation> violations =
        new ArrayList<>(guardrails.checkGrant(resource.getSpec().isRequireMfa(), request));
    violations.addAll(guardrails.checkGrantWindow(attempt.window()));
    violations.addAll(
        guardrails.checkDeletionPolicy(GrantStatuses.policyOf(resource) == DeletionPolicy.Retain));
    logNotAvailable(resource, request, violations);
    AccountGuardrails.enforce(account.account(), violations);
    List<String> warnings = new ArrayList<>(attempt.warnings());
    warnings.addAll(CrossHalfWarnings.between(resource, target, account.accountId()));
    return new GrantAttempt.Reached(
        attempt, account, target, statement(resource, target, attempt.window()), warnings);
  }

  /**
   * Puts the statement into its pack, attached to the grant's principals, takes it out of where it
   * was before once it is attached everywhere, and reports.
   */
  private UpdateControl<AssumeRoleGrant> place(GrantAttempt.Reached reached) {
    AssumeRoleGrant resource = reached.resource();
    Context<AssumeRoleGrant> context = reached.context();
    VerifiedAccount account = reached.account();
    Supplier<Predicate<String>> keep = () -> liveStatements(context);
    // Put off before for another pack (its principals changed since): where that batch put it is
    // where the grant was before.
    packs.withdrawElsewhere(resource, account.accountId(), pack(resource));
    String previous = packs.previous(resource);
    Converged placed =
        packs.place(
            resource,
            account,
            pack(resource),
            previous,
            reached.statement(),
            keep,
            budget(resource, account, context));
    Outcome outcome = placed.outcome();
    if (outcome.complete() && previous != null && !previous.equals(placed.arn())) {
      retire(resource, account, previous, keep);
    }
    return report(reached, placed.arn(), outcome);
  }

  /**
   * The grant's window ended (or it was revoked): its statement leaves IAM once, like a deletion
   * without Retain, and the resource stays, Ready with reason Expired (GitOps would re-create a
   * deleted one). Afterwards a resync makes no AWS call at all. Guardrails are not asked: taking a
   * statement away never widens anyone's access.
   */
  private UpdateControl<AssumeRoleGrant> expire(GrantAttempt attempt) {
    AssumeRoleGrant resource = attempt.resource();
    Context<AssumeRoleGrant> context = attempt.context();
    GrantWindow window = attempt.window();
    Instant now = attempt.now();
    takeOut(resource, context);
    AssumeRoleGrantStatus next =
        GrantStatuses.withWindow(
            GrantStatuses.expired(resource.getStatus(), attempt.warnings()),
            window,
            now,
            targetRole(resource, context));
    return outcomes.ready(
        resource,
        context,
        next,
        Reason.Expired,
        GrantWindows.message(window, now, null, next.getRoleArn()));
  }

  /**
   * The grant's role went unused for spec.expireWhenUnusedFor: the grant ends as when its window
   * runs out (statement out of IAM once, Ready with reason Expired), and stays so for this spec.
   */
  private UpdateControl<AssumeRoleGrant> expireUnused(
      GrantAttempt attempt, UnusedGrants.Judgement unused, Optional<CrossAccountRole> role) {
    AssumeRoleGrant resource = attempt.resource();
    takeOut(resource, attempt.context());
    AssumeRoleGrantStatus next =
        UnusedGrants.expired(
            GrantStatuses.withWindow(
                GrantStatuses.expired(resource.getStatus(), attempt.warnings()),
                attempt.window(),
                attempt.now(),
                role),
            unused,
            role);
    return outcomes.ready(
        resource, attempt.context(), next, Reason.Expired, UnusedGrants.message(resource, next));
  }

  /** Takes an ending grant's statement out of IAM, if IAM still holds it (never at resync). */
  private void takeOut(AssumeRoleGrant resource, Context<AssumeRoleGrant> context) {
    AssumeRoleGrantStatus last = resource.getStatus();
    if (last != null && last.getPolicyArn() != null) {
      VerifiedAccount account = access.openForCleanup(context, resource.getSpec().getAccountRef());
      deleter.expire(resource, account.clients(), pack(resource), () -> liveStatements(context));
    }
  }

  private static Instant activeSince(AssumeRoleGrant resource) {
    return resource.getStatus() == null
        ? null
        : GrantWindow.parseInstant(resource.getStatus().getActiveSince()).orElse(null);
  }

  /** Plan or Observe: what Manage would write for the grant, written into status only. */
  private UpdateControl<AssumeRoleGrant> previewed(GrantAttempt.Reached reached) {
    AssumeRoleGrant resource = reached.resource();
    Context<AssumeRoleGrant> context = reached.context();
    VerifiedAccount account = reached.account();
    ResolvedTarget target = reached.target();
    GrantWindow window = reached.attempt().window();
    Instant now = reached.attempt().now();
    GrantPreviews.Preview preview =
        previews.place(
            resource,
            account.clients(),
            account.partition(),
            account.accountId(),
            pack(resource),
            reached.statement(),
            liveStatements(context),
            budget(resource, account, context));
    AssumeRoleGrantStatus next =
        GrantStatuses.withWindow(
            GrantStatuses.of(
                account.accountId(),
                target,
                preview.inPlace() ? preview.slotArn() : null,
                preview.inPlace() ? resource.getSpec().getPrincipals() : null,
                reached.warnings()),
            window,
            now,
            target.role());
    if (!preview.inPlace()) {
      next.setPhase(GrantPhase.Pending);
      // A plan starts no clock: a spec.duration runs from when Manage first makes the grant
      // active, so what the plan shows of its end is as of now.
      if (resource.getSpec().getNotBefore() == null) {
        next.setActiveSince(null);
        next.setSessionsMayPersistUntil(null);
        if (resource.getSpec().getDuration() != null) {
          next.setExpiresAt(null);
        }
      }
    }
    // Plan and Observe write nothing in IAM: what a deletion may do stays as Manage accepted it.
    next.setDeletionPolicy(
        resource.getStatus() == null ? null : resource.getStatus().getDeletionPolicy());
    Plans.write(next, preview.calls());
    ManagementPolicy policy = reached.attempt().policy();
    return outcomes.ready(
        resource,
        context,
        next,
        Plans.reason(policy, preview.calls()),
        Plans.message(policy, preview.calls(), "the grant's statement in " + preview.slotArn()),
        window.nextChange(now).orElse(null));
  }

  /** Plan or Observe of a grant whose window ended: the removal Manage would make, if any. */
  private UpdateControl<AssumeRoleGrant> expirePreview(GrantAttempt attempt) {
    AssumeRoleGrant resource = attempt.resource();
    Context<AssumeRoleGrant> context = attempt.context();
    VerifiedAccount account =
        access.open(
            context, resource.getSpec().getAccountRef(), resource.getMetadata().getNamespace());
    GrantPreviews.Preview preview =
        previews.remove(
            account.clients(),
            account.partition(),
            account.accountId(),
            pack(resource),
            GrantPackPlanner.sid(resource.getMetadata().getUid()),
            liveStatements(context));
    AssumeRoleGrantStatus next =
        GrantStatuses.withWindow(
            GrantStatuses.expired(resource.getStatus(), attempt.warnings()),
            attempt.window(),
            attempt.now(),
            targetRole(resource, context));
    Plans.write(next, preview.calls());
    return outcomes.ready(
        resource,
        context,
        next,
        Plans.reason(attempt.policy(), preview.calls()),
        Plans.message(attempt.policy(), preview.calls(), "the grant's expired statement"));
  }

  /** The CrossAccountRole the grant may reference, if any (for its maxSessionDuration). */
  private static Optional<CrossAccountRole> targetRole(
      AssumeRoleGrant resource, Context<AssumeRoleGrant> context) {
    try {
      return GrantTargets.resolve(
              resource, context.getSecondaryResource(CrossAccountRole.class, ROLES))
          .role();
    } catch (ReconcileFailure f) {
      return Optional.empty();
    }
  }

  /**
   * Takes the grant out of where it was before (another pack after its principals changed, or its
   * dedicated policy of old), once its statement is attached everywhere in the new place.
   */
  private void retire(
      AssumeRoleGrant resource,
      VerifiedAccount account,
      String previous,
      Supplier<Predicate<String>> keep) {
    if (GrantPack.slot(previous).isPresent()) {
      packs.remove(resource, account.clients(), previous, false, keep);
    } else {
      deleter.retireDedicated(resource, account.clients(), previous);
    }
  }

  /**
   * True when the grant converged for this generation, with this account and target role, and only
   * what its status shows of the role (switch link, warnings) differs: the role's own status moved,
   * as it does once right after the role converges. Nothing the grant holds in IAM depends on that,
   * so the status is refreshed without reading IAM again; the next resync reads it as usual.
   */
  private static boolean onlyPresentationChanged(GrantAttempt.Reached reached) {
    AssumeRoleGrant resource = reached.resource();
    ResolvedTarget target = reached.target();
    String accountId = reached.account().accountId();
    List<String> warnings = reached.warnings();
    AssumeRoleGrantStatus last = resource.getStatus();
    Long generation = resource.getMetadata().getGeneration();
    if (last == null
        || last.getPolicyArn() == null
        || last.getAttachedPrincipals() == null
        || !accountId.equals(last.getAccountId())
        || !target.roleArn().equals(last.getRoleArn())) {
      return false;
    }
    boolean converged =
        last.readyCondition()
            .filter(c -> "True".equals(c.getStatus()))
            .filter(c -> Reason.Converged.name().equals(c.getReason()))
            .filter(c -> Objects.equals(c.getObservedGeneration(), generation))
            .isPresent();
    return converged
        && (!Objects.equals(target.switchRoleUrl(), last.getSwitchRoleUrl())
            || !Objects.equals(warnings, last.getWarnings()));
  }

  /** The pack of the grant's principals. */
  private GrantPack pack(AssumeRoleGrant resource) {
    return GrantPack.of(
        ownership.cluster(), principals(resource), resource.getMetadata().getNamespace());
  }

  /**
   * Which statements found in a pack stay: those of grants this cluster still has (whatever pack
   * they are moving to: each grant takes its own statement out once it is in place elsewhere), and
   * those released by a Retain deletion ({@link LiveGrants}). Read from the informer cache (no API
   * call): a grant is in this cache before it writes its statement.
   */
  private Predicate<String> liveStatements(Context<AssumeRoleGrant> context) {
    return live.statements(() -> context.getPrimaryCache().list());
  }

  private static Map<String, List<String>> principals(AssumeRoleGrant resource) {
    return CachedSlots.principals(resource.getSpec().getPrincipals());
  }

  /**
   * What the grant's namespace may hold on its principals (the account's
   * maxGrantSlotsPerPrincipal), counted from the grants' statuses in the informer cache only when a
   * placement would create a slot.
   */
  private SlotBudgets.Budget budget(
      AssumeRoleGrant resource, VerifiedAccount account, Context<AssumeRoleGrant> context) {
    String namespace = resource.getMetadata().getNamespace();
    return new SlotBudgets.Budget(
        account.account().getMetadata().getName(),
        namespace,
        AccountGuardrails.maxGrantSlotsPerPrincipal(account.account()),
        principals(resource),
        () ->
            CachedSlots.known(
                context.getPrimaryCache().list(),
                ownership.cluster(),
                namespace,
                account.accountId()));
  }

  /**
   * What the account's grant guardrails judge: target, principals, the operator's identities. The
   * roles other namespaces manage are looked up (every CrossAccountRole in the cache) only for a
   * grant with role principals: they are judged for nothing else, and every resync of every grant
   * looking them up cost work in proportion to all the roles.
   */
  private GrantRule.Request guarded(
      AssumeRoleGrant resource,
      ResolvedTarget target,
      VerifiedAccount account,
      Context<AssumeRoleGrant> context) {
    Map<String, List<String>> principals = principals(resource);
    return new GrantRule.Request(
        account.accountId(),
        target.roleArn(),
        target.role().isPresent(),
        principals,
        OperatorIdentities.roles(AccountEventSource.all(context)),
        OperatorIdentities.principals(account),
        principals.get("role").isEmpty()
            ? Map.of()
            : GrantEventSources.foreignRoles(context, resource, account.accountId()));
  }

  /**
   * What an identity the grant may not use is (the operator's, or which CrossAccountRole manages
   * it), for the operator's log only: status says the same thing whichever it is.
   */
  private static void logNotAvailable(
      AssumeRoleGrant resource, GrantRule.Request request, List<Violation> violations) {
    violations.stream()
        .filter(v -> GrantRule.NOT_AVAILABLE.equals(v.rule()))
        .forEach(
            v -> {
              String owner =
                  v.field().contains(".roles[")
                      ? request.foreignRoles().get(v.value().toLowerCase(Locale.ROOT))
                      : null;
              NotOurs.log(
                  resource,
                  v.field() + " " + v.value(),
                  owner == null
                      ? "an identity the operator acts as"
                      : "managed by CrossAccountRole " + owner + ", which does not consent");
            });
  }

  private static JsonNode statement(
      AssumeRoleGrant resource, ResolvedTarget target, GrantWindow window) {
    Validated<JsonNode> rendered =
        GrantPackPlanner.statement(
            resource.getMetadata().getUid(),
            target.roleArn(),
            resource.getSpec().isRequireMfa(),
            window.notBefore(),
            window.end());
    if (!rendered.isValid()) {
      throw new ReconcileFailure(Reason.InvalidSpec, rendered.message());
    }
    return rendered.get();
  }

  /**
   * Refuses a change of account after the grant reached one (CEL normally stops it): its statement
   * would be left behind with its attachments.
   */
  private static void checkAccountUnchanged(AssumeRoleGrant resource, String accountId) {
    AssumeRoleGrantStatus status = resource.getStatus();
    if (status != null
        && status.getPolicyArn() != null
        && status.getAccountId() != null
        && !status.getAccountId().equals(accountId)) {
      throw new ReconcileFailure(
          Reason.InvalidSpec,
          ("spec.accountRef is immutable: the grant's policy %s is in account %s and the account"
                  + " is now %s. Revert the change, or create a new AssumeRoleGrant.")
              .formatted(status.getPolicyArn(), status.getAccountId(), accountId));
    }
  }

  /** The status of a grant whose statement is in {@code arn}, attached as {@code outcome} says. */
  private UpdateControl<AssumeRoleGrant> report(
      GrantAttempt.Reached reached, String arn, Outcome outcome) {
    AssumeRoleGrant resource = reached.resource();
    Context<AssumeRoleGrant> context = reached.context();
    ResolvedTarget target = reached.target();
    GrantWindow window = reached.attempt().window();
    Instant now = reached.attempt().now();
    AssumeRoleGrantStatus next =
        GrantStatuses.withWindow(
            GrantStatuses.of(
                reached.account().accountId(), target, arn, outcome.attached(), reached.warnings()),
            window,
            now,
            target.role());
    next.setPolicyId(packs.policyId(resource, arn));
    // What a deletion may do from now on: this spec's policy passed the guardrails.
    next.setDeletionPolicy(GrantStatuses.policyOf(resource));
    // The window opens or ends by itself in IAM; the operator looks again at that very instant,
    // or when the role's disuse would end the grant, whichever comes first.
    Optional<Instant> unusedUntil = UnusedGrants.reported(resource, target.role(), next, now);
    Instant wake =
        Stream.of(window.nextChange(now), unusedUntil)
            .flatMap(Optional::stream)
            .min(Instant::compareTo)
            .orElse(null);
    if (!outcome.complete()) {
      Reason reason = GrantAttachments.reasonFor(outcome.missing());
      if (reason.isTerminal()) {
        next.setPhase(GrantPhase.Failed);
      }
      return outcomes.notReady(
          resource,
          context,
          next,
          reason,
          "The policy "
              + arn
              + " is not attached everywhere: "
              + GrantAttachments.problems(outcome.missing(), outcome.full()),
          wake);
    }
    // The message does not depend on what was applied (Events report each change), so that a
    // resync of a converged grant writes no status.
    return outcomes.ready(
        resource,
        context,
        next,
        GrantWindows.reason(window, now),
        GrantWindows.message(window, now, arn, target.roleArn()),
        wake);
  }

  private UpdateControl<AssumeRoleGrant> failed(
      AssumeRoleGrant resource,
      ReconcileFailure f,
      GrantWindow window,
      Instant now,
      Context<AssumeRoleGrant> context) {
    LOG.infof(
        "AssumeRoleGrant not converged: namespace=%s name=%s reason=%s message=%s",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        f.reason(),
        f.getMessage());
    AssumeRoleGrantStatus next = GrantStatuses.carriedOver(resource.getStatus());
    next.setPhase(GrantWindows.afterFailure(f.reason(), window, now, next.getPolicyArn()));
    Instant wake = window == null ? null : window.nextChange(now).orElse(null);
    return outcomes.notReady(resource, context, next, f.reason(), f.getMessage(), wake);
  }

  @Override
  public DeleteControl cleanup(AssumeRoleGrant resource, Context<AssumeRoleGrant> context) {
    specProblems.forget(resource);
    // A statement left waiting when the grant was put off is never written from here on, however
    // the deletion goes on.
    packs.withdraw(resource);
    String accountRef = resource.getSpec().getAccountRef();
    ManagementPolicy management = Plans.of(resource.getSpec().getManagementPolicy());
    if (management != ManagementPolicy.Manage) {
      AssumeRoleGrantStatus status = resource.getStatus();
      String left =
          status == null || status.getPolicyArn() == null
              ? "any statement of the grant in the policies under " + pack(resource).path()
              : "the grant's statement in " + status.getPolicyArn();
      return outcomes.deletedLeavingIam(resource, management, left);
    }
    if (!access.exists(context, accountRef)) {
      // The AwsAccount normally waits for its users; it can only be missing when its finalizer
      // was removed by hand. Waiting for it would hang namespace deletion forever.
      AssumeRoleGrantStatus status = resource.getStatus();
      String policy =
          status == null || status.getPolicyArn() == null
              ? "the grant's statement in the policies under "
                  + pack(resource).path()
                  + " (if it was written)"
              : "the grant's statement in " + status.getPolicyArn();
      return outcomes.deletedWithoutAccount(resource, accountRef, policy);
    }
    try {
      VerifiedAccount account = access.openForCleanup(context, accountRef);
      deleter.delete(resource, account, pack(resource), () -> liveStatements(context));
      return outcomes.deleted(resource);
    } catch (ReconcileFailure f) {
      return outcomes.deletionBlocked(resource, f);
    }
  }

  @Override
  public List<EventSource<?, AssumeRoleGrant>> prepareEventSources(
      EventSourceContext<AssumeRoleGrant> context) {
    census.track(AssumeRoleGrant.class, () -> context.getPrimaryCache().list());
    return GrantEventSources.of(context, ROLES, secretValues);
  }
}
