package io.xaccount.operator.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An IAM policy document (trust, inline or managed), held in its canonical rendering.
 *
 * <p>{@link #toJson()} is the deterministic compact JSON the operator sends to IAM (see {@link
 * PolicyCanonicalizer} for the rule) and {@link #minifiedLength()} is what IAM's size quotas are
 * measured on. {@link #equals} compares those renderings; {@link #semanticallyEquals} compares what
 * IAM evaluates (see {@link PolicyNormalizer}) and is what every desired-versus-observed decision
 * must use, because IAM never hands back the text it was given.
 */
public final class PolicyDocument {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode canonical;
  private final String json;

  private PolicyDocument(ObjectNode canonical) {
    this.canonical = canonical;
    this.json = canonical.toString();
  }

  /**
   * Parses a document as written by a user or as returned by IAM. IAM returns documents
   * URL-encoded ({@code %7B%22Version%22...}); any text not starting with {@code {} is decoded
   * first.
   *
   * @throws InvalidPolicyException when the text is not a JSON object shaped like a policy
   */
  public static PolicyDocument parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidPolicyException("a policy document must not be empty");
    }
    String trimmed = text.strip();
    try {
      String decoded =
          trimmed.startsWith("{") ? trimmed : URLDecoder.decode(trimmed, StandardCharsets.UTF_8);
      return of(JSON.readTree(decoded));
    } catch (InvalidPolicyException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException("a policy document must be JSON or URL-encoded JSON", e);
    } catch (JsonProcessingException e) {
      throw new InvalidPolicyException(
          "a policy document must be JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A document from a JSON tree, e.g. the YAML object of a custom resource. */
  public static PolicyDocument of(JsonNode node) {
    return new PolicyDocument(PolicyCanonicalizer.canonical(node));
  }

  /** A document from a map of maps and lists, as a Kubernetes client deserialises YAML. */
  public static PolicyDocument of(Map<String, ?> map) {
    return of(JSON.<JsonNode>valueToTree(map));
  }

  /** The canonical compact JSON: what the operator sends to IAM. */
  public String toJson() {
    return json;
  }

  /** A copy of the canonical JSON tree, e.g. for a status field. */
  public JsonNode toJsonNode() {
    return canonical.deepCopy();
  }

  /**
   * The length IAM checks against its quotas: characters without whitespace outside strings. The
   * canonical rendering is compact, so this is its length.
   */
  public int minifiedLength() {
    return json.length();
  }

  /** True when IAM evaluates both documents alike, however each is ordered or shaped. */
  public boolean semanticallyEquals(PolicyDocument other) {
    if (other == null) {
      return false;
    }
    // A bare account ID carries no partition; borrow it from the ARNs in either document.
    String partition =
        PolicyNormalizer.partitionOf(canonical)
            .or(() -> PolicyNormalizer.partitionOf(other.canonical))
            .orElse(Arns.DEFAULT_PARTITION);
    return PolicyNormalizer.normalize(canonical, partition)
        .equals(PolicyNormalizer.normalize(other.canonical, partition));
  }

  /**
   * The AWS principals (in Principal or NotPrincipal) that IAM has replaced by a unique ID because
   * the user or role they named was deleted.
   */
  public Set<String> uniqueIdPrincipals() {
    Set<String> ids = new TreeSet<>();
    for (JsonNode s : canonical.get("Statement")) {
      for (String key : PolicyCanonicalizer.PRINCIPAL_KEYS) {
        JsonNode aws = s.path(key).path("AWS");
        if (!aws.isMissingNode()) {
          PolicyCanonicalizer.scalars(aws, key).stream()
              .map(JsonNode::asText)
              .filter(UniqueIds::isUniqueId)
              .forEach(ids::add);
        }
      }
    }
    return Collections.unmodifiableSet(ids);
  }

  /** True when some AWS principal is a unique ID: re-put the document written with ARNs. */
  public boolean containsUniqueIdPrincipals() {
    return !uniqueIdPrincipals().isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyDocument other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json;
  }
}
