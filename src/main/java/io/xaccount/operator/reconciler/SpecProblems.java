package io.xaccount.operator.reconciler;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What {@link LenientReading} skipped in a resource's spec, found by reading the stored object
 * again strictly: fields our classes do not know (reported as warnings, the rest converges), values
 * of the wrong type (the resource is {@code InvalidSpec}; every other resource goes on), and keys
 * that are not fields of a security-relevant part of the spec (also {@code InvalidSpec}: see {@link
 * StrictSubtrees}). Read once per generation: one GET when a spec changes, none on a resync; after
 * a restart, one listing per kind and namespace instead of a GET each. A read that fails is not
 * taken for a clean spec, it fails the reconcile and is retried.
 */
@ApplicationScoped
public class SpecProblems {
  private static final Logger LOG = Logger.getLogger(SpecProblems.class);
  private static final ObjectMapper STRICT =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final KubernetesClient kubernetes;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  public SpecProblems(KubernetesClient kubernetes) {
    this.kubernetes = kubernetes;
  }

  /**
   * What could not be read.
   *
   * @param unknown fields no class of ours has, outside the security-relevant parts of the spec, as
   *     {@code spec.managedPolicyARNs}
   * @param unreadable values of the wrong type, each a sentence naming the field
   * @param refused keys that are not fields of a security-relevant part, each a sentence naming it
   *     and the field it is closest to
   */
  public record Found(List<String> unknown, List<String> unreadable, List<String> refused) {
    static final Found NONE = new Found(List.of(), List.of(), List.of());

    /** The unknown fields as status warnings. */
    public List<String> warnings() {
      return unknown.stream()
          .map(f -> f + " is not a field of this kind and was ignored (a typo, or a newer CRD)")
          .toList();
    }
  }

  private record Seen(Long generation, Found found) {}

  /** Objects asked for per page when a namespace's objects of a kind are listed. */
  static final long PAGE = 500;

  /**
   * Specs as a listing returned them, by uid, until their resource's reconcile reads them: after a
   * restart, the first resource of a kind in a namespace lists them all, instead of one GET each
   * (10,000 GETs at N=5,000 + 5,000, queued ahead of a break-glass grant's own).
   */
  private final Map<String, Listed> listedSpecs = new ConcurrentHashMap<>();

  private record Listed(Long generation, JsonNode spec) {}

  /** The listings made or under way, by kind and namespace: each is made once per process. */
  private final Map<String, CompletableFuture<Void>> listings = new ConcurrentHashMap<>();

  /**
   * The problems of the resource's current generation.
   *
   * @throws ReconcileFailure {@code InvalidSpec} naming every value that cannot be read and every
   *     unknown key of a security-relevant part
   * @throws KubernetesClientException when the stored object cannot be read (retried)
   */
  public Found check(HasMetadata resource, Class<?> specType) {
    String uid = resource.getMetadata().getUid();
    Long generation = resource.getMetadata().getGeneration();
    Seen known = seen.get(uid);
    Found found;
    if (known != null && known.generation() != null && known.generation().equals(generation)) {
      found = known.found();
    } else {
      found = fromListing(resource, specType).orElseGet(() -> read(resource, specType));
      seen.put(uid, new Seen(generation, found));
    }
    List<String> invalid = new ArrayList<>();
    if (!found.unreadable().isEmpty()) {
      invalid.add(String.join("; ", found.unreadable()));
    }
    if (!found.refused().isEmpty()) {
      invalid.add(String.join(" ", found.refused()) + " " + StrictSubtrees.RULE);
    }
    if (!invalid.isEmpty()) {
      throw new ReconcileFailure(Reason.InvalidSpec, String.join("; ", invalid));
    }
    return found;
  }

  /** Forgets a deleted resource. */
  public void forget(HasMetadata resource) {
    seen.remove(resource.getMetadata().getUid());
    listedSpecs.remove(resource.getMetadata().getUid());
  }

  /**
   * The spec's problems from its namespace's listing, when the listing showed this generation. The
   * first resource of its kind and namespace met in this process lists them all (in pages); the
   * others of that namespace wait for it. A listing that fails is not retried: each resource is
   * then read with a GET of its own, as a spec changed later always is.
   */
  private Optional<Found> fromListing(HasMetadata resource, Class<?> specType) {
    String namespace = resource.getMetadata().getNamespace();
    String key = resource.getApiVersion() + "/" + resource.getKind() + "/" + namespace;
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> listing = listings.putIfAbsent(key, mine);
    if (listing == null) {
      try {
        list(resource.getApiVersion(), resource.getKind(), namespace);
      } catch (KubernetesClientException e) {
        LOG.infof(
            "Listing %s to read their specs failed; each is read with a GET of its own: %s",
            key, e.toString());
      } finally {
        mine.complete(null);
      }
    } else {
      listing.join();
    }
    Listed listed = listedSpecs.remove(resource.getMetadata().getUid());
    if (listed == null
        || listed.generation() == null
        || !listed.generation().equals(resource.getMetadata().getGeneration())) {
      return Optional.empty();
    }
    return Optional.of(listed.spec() == null ? Found.NONE : readStrictly(listed.spec(), specType));
  }

  private void list(String apiVersion, String kind, String namespace) {
    var resources = kubernetes.genericKubernetesResources(apiVersion, kind);
    String next = null;
    do {
      ListOptions page = new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build();
      GenericKubernetesResourceList listed =
          namespace == null ? resources.list(page) : resources.inNamespace(namespace).list(page);
      for (GenericKubernetesResource item : listed.getItems()) {
        Object spec = item.getAdditionalProperties().get("spec");
        listedSpecs.putIfAbsent(
            item.getMetadata().getUid(),
            new Listed(
                item.getMetadata().getGeneration(),
                spec == null ? null : STRICT.valueToTree(spec)));
      }
      next = listed.getMetadata() == null ? null : listed.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
  }

  private Found read(HasMetadata resource, Class<?> specType) {
    // A failed GET propagates: a spec taken for clean unread could carry a misspelled security
    // setting into IAM.
    var resources =
        kubernetes.genericKubernetesResources(resource.getApiVersion(), resource.getKind());
    String namespace = resource.getMetadata().getNamespace();
    GenericKubernetesResource raw =
        namespace == null
            ? resources.withName(resource.getMetadata().getName()).get()
            : resources.inNamespace(namespace).withName(resource.getMetadata().getName()).get();
    Object spec = raw == null ? null : raw.getAdditionalProperties().get("spec");
    return spec == null ? Found.NONE : readStrictly(STRICT.valueToTree(spec), specType);
  }

  /** Reads {@code spec} as {@code specType}, collecting instead of failing. */
  static Found readStrictly(JsonNode spec, Class<?> specType) {
    List<String> unknown = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    ObjectMapper mapper = StrictSubtrees.withoutCatchAlls(STRICT.copy());
    mapper.addHandler(
        new DeserializationProblemHandler() {
          @Override
          public boolean handleUnknownProperty(
              DeserializationContext ctxt,
              JsonParser p,
              JsonDeserializer<?> deserializer,
              Object beanOrClass,
              String propertyName)
              throws IOException {
            String at = field(p.getParsingContext().pathAsPointer());
            if (StrictSubtrees.contains(p.getParsingContext(), beanOrClass)) {
              refused.add(
                  StrictSubtrees.notAField(at, propertyName, deserializer.getKnownPropertyNames()));
            } else {
              unknown.add(at);
            }
            p.skipChildren();
            return true;
          }

          @Override
          public Object handleWeirdStringValue(
              DeserializationContext ctxt, Class<?> target, String value, String failureMsg) {
            unreadable.add(wrong(ctxt, "\"" + value + "\"", target));
            return null;
          }

          @Override
          public Object handleWeirdNumberValue(
              DeserializationContext ctxt, Class<?> target, Number value, String failureMsg) {
            unreadable.add(wrong(ctxt, String.valueOf(value), target));
            return null;
          }

          @Override
          public Object handleUnexpectedToken(
              DeserializationContext ctxt,
              JavaType target,
              JsonToken t,
              JsonParser p,
              String failureMsg)
              throws IOException {
            unreadable.add(wrong(ctxt, "a " + describe(t), target.getRawClass()));
            p.skipChildren();
            return null;
          }
        });
    try {
      mapper.treeToValue(spec, specType);
    } catch (IOException | IllegalArgumentException e) {
      unreadable.add("spec: cannot be read (" + e.getMessage().split("\n")[0] + ")");
    }
    return new Found(List.copyOf(unknown), List.copyOf(unreadable), List.copyOf(refused));
  }

  private static String wrong(DeserializationContext ctxt, String value, Class<?> target) {
    return "%s: %s is not %s"
        .formatted(
            field(ctxt.getParser().getParsingContext().pathAsPointer()), value, expected(target));
  }

  private static String expected(Class<?> target) {
    if (Number.class.isAssignableFrom(target) || target.isPrimitive() && target != boolean.class) {
      return "a number";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "true or false";
    }
    if (target == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(target)) {
      return "a list";
    }
    return "an object";
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "list";
      case START_OBJECT -> "object";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      default -> "value";
    };
  }

  /** {@code /trust/accountIds/0} as {@code spec.trust.accountIds[0]}. */
  static String field(JsonPointer pointer) {
    StringBuilder out = new StringBuilder("spec");
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      if (p.mayMatchElement()) {
        out.append('[').append(p.getMatchingIndex()).append(']');
      } else {
        out.append('.').append(p.getMatchingProperty());
      }
    }
    return out.toString();
  }
}
