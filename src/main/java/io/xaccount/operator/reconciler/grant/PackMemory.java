package io.xaccount.operator.reconciler.grant;

import io.xaccount.operator.aws.IamPolicies.PolicyListing;
import io.xaccount.operator.iam.PolicyDocument;
import io.xaccount.operator.iam.PolicyVersionChange.PolicyVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator knows of its grant packs' policy versions without asking IAM again.
 *
 * <p>A policy version never changes once created, so its document, once read or written, is known
 * for good: a resync that finds the default version it already knows makes no GetPolicyVersion. And
 * IAM is eventually consistent: right after CreatePolicyVersion a read may still show the previous
 * default, and a pack rewritten from that stale document would drop the statement just added. So
 * for {@link #WINDOW} after the operator sets a version as default, an older default read from IAM
 * is taken for staleness and the operator's own version is believed; after that, what IAM shows
 * wins (someone may have set an older version as default on purpose).
 */
@ApplicationScoped
public class PackMemory {
  /** How long a default version the operator set outranks an older one read from IAM. */
  static final Duration WINDOW = Duration.ofSeconds(60);

  /** Enough for every version of thousands of packs; past it the memory starts over. */
  private static final int MAX_DOCUMENTS = 20_000;

  private record Version(String policyId, String versionId) {}

  private record Written(String versionId, Instant at) {}

  private record Listed(List<PolicyVersion> versions, Instant at) {}

  private final Map<Version, PolicyDocument> documents = new ConcurrentHashMap<>();
  private final Map<String, Listed> listed = new ConcurrentHashMap<>();
  private final Map<String, Written> written = new ConcurrentHashMap<>();
  // By pack path in its account: the slot ARNs' common prefix.
  private final Map<String, Packed> packs = new ConcurrentHashMap<>();

  private record Packed(List<PolicyListing> policies, Instant at) {}

  private final Clock clock;

  public PackMemory(Clock clock) {
    this.clock = clock;
  }

  /** The document of a version, when known. */
  Optional<PolicyDocument> document(String policyId, String versionId) {
    return Optional.ofNullable(documents.get(new Version(policyId, versionId)));
  }

  /** Records a version's document, as read. */
  void read(String policyId, String versionId, PolicyDocument document) {
    if (documents.size() >= MAX_DOCUMENTS) {
      documents.clear();
    }
    documents.put(new Version(policyId, versionId), document);
  }

  /** Records a version the operator created and set as default. */
  void wrote(String policyId, String versionId, PolicyDocument document) {
    read(policyId, versionId, document);
    written.put(policyId, new Written(versionId, Instant.now(clock)));
  }

  /**
   * The default version to believe: {@code observed}, unless the operator set a later one as
   * default within {@link #WINDOW} (IAM showing a stale read).
   */
  String believedDefault(String policyId, String observed) {
    Written mine = written.get(policyId);
    if (mine == null
        || Instant.now(clock).isAfter(mine.at().plus(WINDOW))
        || number(mine.versionId()) <= number(observed)) {
      return observed;
    }
    return mine.versionId();
  }

  /**
   * The policy's versions as the operator last listed and then changed them itself, when that was
   * within {@link #WINDOW} and their default is {@code defaultVersionId}: the version a write
   * starts from. A version made by someone else since is not in it; the write then fails ({@code
   * LimitExceeded}, {@code NoSuchEntity}, {@code DeleteConflict}), the list is forgotten and the
   * retry lists the versions again.
   */
  Optional<List<PolicyVersion>> versions(String policyId, String defaultVersionId) {
    Listed known = listed.get(policyId);
    if (known == null
        || defaultVersionId == null
        || Instant.now(clock).isAfter(known.at().plus(WINDOW))
        || known.versions().stream()
            .noneMatch(v -> v.isDefault() && v.versionId().equals(defaultVersionId))) {
      return Optional.empty();
    }
    return Optional.of(known.versions());
  }

  /** Records the policy's versions as they are after the operator's own writes. */
  void versions(String policyId, List<PolicyVersion> versions) {
    if (listed.size() >= MAX_DOCUMENTS) {
      listed.clear();
    }
    listed.put(policyId, new Listed(List.copyOf(versions), Instant.now(clock)));
  }

  /** Forgets the policy's versions: the next write lists them. */
  void forgetVersions(String policyId) {
    listed.remove(policyId);
  }

  /**
   * The pack's policies as the operator last listed them and then changed them itself, when that
   * was within {@link #WINDOW}: what a batch starts from instead of ListPolicies. A slot someone
   * else made since is not in it, and the batch's CreatePolicy then finds its name taken and reads
   * who holds it; a slot someone else deleted or changed fails the write, and the listing is
   * forgotten ({@link #forgetPack}).
   *
   * @param pack the slot ARNs' common prefix ({@link #packOf})
   */
  Optional<List<PolicyListing>> pack(String pack) {
    Packed known = packs.get(pack);
    if (known == null || Instant.now(clock).isAfter(known.at().plus(WINDOW))) {
      return Optional.empty();
    }
    return Optional.of(known.policies());
  }

  /** Records the pack's policies as listed. */
  void listed(String pack, List<PolicyListing> policies) {
    if (packs.size() >= MAX_DOCUMENTS) {
      packs.clear();
    }
    packs.put(pack, new Packed(List.copyOf(policies), Instant.now(clock)));
  }

  /**
   * Records the operator's own write to a slot of a pack it remembers: {@code after} replaces the
   * slot's entry, null removes it (a deleted slot).
   */
  void slotWritten(String arn, PolicyListing after) {
    packs.computeIfPresent(
        packOf(arn),
        (pack, known) -> {
          List<PolicyListing> policies = new ArrayList<>(known.policies());
          policies.removeIf(p -> p.arn().equals(arn));
          if (after != null) {
            policies.add(after);
          }
          return new Packed(List.copyOf(policies), Instant.now(clock));
        });
  }

  /** Forgets the pack's listing: the next batch lists it. */
  void forgetPack(String pack) {
    packs.remove(pack);
  }

  /** The pack a slot ARN is in: the ARN up to its name. */
  static String packOf(String arn) {
    return arn.substring(0, arn.lastIndexOf('/') + 1);
  }

  /** Forgets a deleted policy. */
  void forget(String policyId) {
    listed.remove(policyId);
    written.remove(policyId);
    documents.keySet().removeIf(v -> v.policyId().equals(policyId));
  }

  /** The number of a version id ({@code v12} is 12), 0 when it has none. */
  private static long number(String versionId) {
    try {
      return Long.parseLong(versionId.substring(1));
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
