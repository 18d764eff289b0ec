package io.xaccount.operator.aws;

import io.xaccount.operator.iam.AccountRoles;
import io.xaccount.operator.iam.GrantPack;
import io.xaccount.operator.iam.InvalidPolicyException;
import io.xaccount.operator.iam.ObservedRole;
import io.xaccount.operator.iam.ObservedSlot;
import io.xaccount.operator.iam.PolicyDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Reads every role and grant pack slot of an account in a few calls, instead of 3 + k calls per
 * role and 2 or 3 per slot.
 */
@ApplicationScoped
public class IamAccountRoles {
  private static final Logger LOG = Logger.getLogger(IamAccountRoles.class);

  /** IAM's largest page; IAM may answer with fewer and says so with IsTruncated. */
  static final int PAGE = 1000;

  /**
   * GetAccountAuthorizationDetails (Filter=Role, User, Group, LocalManagedPolicy) for each role's
   * trust policy, inline and attached policies, boundary, tags, creation and last use
   * (RoleLastUsed), for each grant pack slot's default document, and for who every slot is attached
   * to; then, when the account holds roles to keep, ListRoles for their description and maximum
   * session duration, which the details lack; both paginated. A role seen by only one of them, or
   * with another role ID in each (deleted and re-created in between), is left out, as is a role or
   * slot whose documents do not parse: whoever needs it reads it directly.
   *
   * @param readAt when the read begins, as the caller's clock says
   * @param keep which roles to keep, by their tags (the others are not held in memory)
   */
  public AccountRoles read(
      AccountClients clients, Instant readAt, Predicate<Map<String, String>> keep) {
    IamClient iam = clients.iam();
    AtomicInteger calls = new AtomicInteger();
    Map<String, RoleDetail> details = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Map<String, ManagedPolicyDetail> packs = new TreeMap<>();
    Attachments attachments = new Attachments();
    IamRoles.call(
        "iam:GetAccountAuthorizationDetails",
        () -> {
          iam.getAccountAuthorizationDetailsPaginator(
                  r ->
                      r.filter(
                              EntityType.ROLE,
                              EntityType.USER,
                              EntityType.GROUP,
                              EntityType.LOCAL_MANAGED_POLICY)
                          .maxItems(PAGE))
              .forEach(
                  page -> {
                    calls.incrementAndGet();
                    page.roleDetailList()
                        .forEach(
                            d -> {
                              attachments.add(
                                  d.attachedManagedPolicies(), attachments.roles, d.roleName());
                              if (keep.test(tags(d.tags()))) {
                                details.put(d.roleName(), d);
                              }
                            });
                    page.userDetailList()
                        .forEach(
                            d ->
                                attachments.add(
                                    d.attachedManagedPolicies(), attachments.users, d.userName()));
                    page.groupDetailList()
                        .forEach(
                            d ->
                                attachments.add(
                                    d.attachedManagedPolicies(),
                                    attachments.groups,
                                    d.groupName()));
                    page.policies().stream()
                        .filter(p -> p.path() != null && p.path().startsWith(GrantPack.PATH_ROOT))
                        .forEach(p -> packs.put(p.arn(), p));
                  });
          return null;
        });
    Map<String, ObservedRole> roles = new LinkedHashMap<>();
    if (!details.isEmpty()) {
      IamRoles.call(
          "iam:ListRoles",
          () -> {
            iam.listRolesPaginator(r -> r.maxItems(PAGE))
                .forEach(
                    page -> {
                      calls.incrementAndGet();
                      for (Role role : page.roles()) {
                        RoleDetail detail = details.get(role.roleName());
                        if (detail != null && detail.roleId().equals(role.roleId())) {
                          observed(detail, role).ifPresent(o -> roles.put(o.name(), o));
                        }
                      }
                    });
            return null;
          });
    }
    Map<String, ObservedSlot> slots = new LinkedHashMap<>();
    packs.values().forEach(p -> slot(p, attachments).ifPresent(s -> slots.put(s.arn(), s)));
    return new AccountRoles(readAt, roles, slots, calls.get());
  }

  /** Who each policy is attached to, by kind, as every principal's attached policies say. */
  private static final class Attachments {
    final Map<String, Set<String>> users = new HashMap<>();
    final Map<String, Set<String>> groups = new HashMap<>();
    final Map<String, Set<String>> roles = new HashMap<>();

    void add(List<AttachedPolicy> attached, Map<String, Set<String>> kind, String name) {
      for (AttachedPolicy policy : attached) {
        if (GrantPack.slot(policy.policyArn()).isPresent()) {
          kind.computeIfAbsent(policy.policyArn(), a -> new TreeSet<>()).add(name);
        }
      }
    }

    Set<String> of(Map<String, Set<String>> kind, String arn) {
      return kind.getOrDefault(arn, Set.of());
    }
  }

  /** A slot as the read shows it: its default version's document and its attachments. */
  private static Optional<ObservedSlot> slot(ManagedPolicyDetail policy, Attachments attachments) {
    Optional<PolicyVersion> version =
        policy.policyVersionList().stream()
            .filter(v -> Boolean.TRUE.equals(v.isDefaultVersion()))
            .findFirst();
    if (version.isEmpty() || version.get().document() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ObservedSlot(
              policy.arn(),
              policy.policyId(),
              version.get().versionId(),
              PolicyDocument.parse(version.get().document()),
              attachments.of(attachments.users, policy.arn()),
              attachments.of(attachments.groups, policy.arn()),
              attachments.of(attachments.roles, policy.arn())));
    } catch (InvalidPolicyException e) {
      LOG.warnf(
          "Bulk read left out a grant policy whose document does not parse: policy=%s reason=%s",
          policy.arn(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<ObservedRole> observed(RoleDetail detail, Role role) {
    try {
      Set<String> attached = new TreeSet<>();
      detail.attachedManagedPolicies().forEach(p -> attached.add(p.policyArn()));
      Map<String, PolicyDocument> inline = new LinkedHashMap<>();
      detail
          .rolePolicyList()
          .forEach(p -> inline.put(p.policyName(), PolicyDocument.parse(p.policyDocument())));
      return Optional.of(
          new ObservedRole(
              detail.roleName(),
              detail.path(),
              role.description(),
              role.maxSessionDuration(),
              PolicyDocument.parse(detail.assumeRolePolicyDocument()),
              attached,
              inline,
              detail.permissionsBoundary() == null
                  ? null
                  : detail.permissionsBoundary().permissionsBoundaryArn(),
              tags(detail.tags()),
              detail.arn(),
              detail.roleId(),
              IamRoles.use(detail.createDate(), detail.roleLastUsed())));
    } catch (InvalidPolicyException e) {
      LOG.warnf(
          "Bulk read left out a role whose documents do not parse: role=%s reason=%s",
          detail.roleName(), e.getMessage());
      return Optional.empty();
    }
  }

  private static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach(t -> out.put(t.key(), t.value()));
    return out;
  }
}
