package io.xaccount.operator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Where a grant's statement goes in its {@link GrantPack}, as data: which slots get a new document,
 * which are created, which are deleted because nothing is left in them.
 *
 * <p>Each grant has exactly one statement, whose Sid is {@code Grant} and its uid's hex digits; a
 * grant deleted with {@code deletionPolicy: Retain} leaves it renamed {@code Retained<hex>}, which
 * the operator never removes. Any other statement in a slot (a deleted grant's, or one added out of
 * band) is dropped whenever the slot is written, and a slot holding only such statements is
 * rewritten: the operator owns its slots' documents.
 */
public final class GrantPackPlanner {

  /** IAM's limit on a managed policy document, in characters without whitespace. */
  public static final int MAX_POLICY_SIZE = 6144;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern GRANT_SID = Pattern.compile("^Grant([0-9a-f]{32})$");
  private static final Pattern RETAINED_SID = Pattern.compile("^Retained[0-9a-f]{32}$");

  private GrantPackPlanner() {}

  /** The Sid of the statement of the grant with this uid. */
  public static String sid(String uid) {
    return "Grant" + hex(uid);
  }

  /** The Sid the statement of a grant deleted with Retain keeps. */
  public static String retainedSid(String uid) {
    return "Retained" + hex(uid);
  }

  /** The uid hex digits a live grant's Sid carries, empty for any other Sid. */
  public static Optional<String> uidHex(String sid) {
    var m = GRANT_SID.matcher(sid == null ? "" : sid);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** True for the Sid of a statement released by a Retain deletion. */
  public static boolean isRetained(String sid) {
    return sid != null && RETAINED_SID.matcher(sid).matches();
  }

  /** A uid's hex digits, as Sids carry them (Sids allow only letters and digits). */
  public static String hex(String uid) {
    return uid.replace("-", "").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The statement allowing {@code sts:AssumeRole} on exactly {@code roleArn}, with requireMfa only
   * for MFA-authenticated callers.
   */
  public static Validated<JsonNode> statement(String uid, String roleArn, boolean requireMfa) {
    return statement(uid, roleArn, requireMfa, null, null);
  }

  /**
   * The same, in effect only after {@code after} and before {@code before} (each null for no
   * bound): see {@link GrantPolicy}.
   */
  public static Validated<JsonNode> statement(
      String uid, String roleArn, boolean requireMfa, Instant after, Instant before) {
    Validated<PolicyDocument> doc = GrantPolicy.render(roleArn, requireMfa, after, before);
    if (!doc.isValid()) {
      return Validated.invalid(doc.errors());
    }
    ObjectNode statement = (ObjectNode) doc.get().toJsonNode().get("Statement").get(0);
    statement.put("Sid", sid(uid));
    return Validated.valid(canonical(statement));
  }

  /**
   * A slot as observed.
   *
   * @param number its number in the pack
   * @param document its default version's document
   */
  public record SlotState(int number, PolicyDocument document) {}

  /**
   * The changes a placement makes.
   *
   * @param slot the slot that holds the grant's statement afterwards
   * @param writes slot number to its new document; slots not observed are created
   * @param deletes slots to delete, nothing being left in them
   */
  public record Placement(int slot, Map<Integer, PolicyDocument> writes, Set<Integer> deletes) {
    /** True when nothing is to be written. */
    public boolean isEmpty() {
      return writes.isEmpty() && deletes.isEmpty();
    }
  }

  /**
   * Puts {@code statement} into the slots, keeping it where it is when it still fits, otherwise in
   * the first slot with room, otherwise in the lowest free slot number; drops every statement
   * {@code keep} rejects and every other copy of the grant's statement.
   *
   * @param slots the pack's slots as observed (may be only the one the grant was last in)
   * @param unavailable slot numbers not to create (their names are taken by someone else)
   * @param keep whether a statement of another grant stays (by Sid)
   * @return the placement, or why the pack has no room
   */
  public static Validated<Placement> place(
      List<SlotState> slots, Set<Integer> unavailable, JsonNode statement, Predicate<String> keep) {
    String sid = statement.get("Sid").asText();
    Map<Integer, List<JsonNode>> cleaned = new TreeMap<>();
    Integer current = null;
    boolean currentSame = false;
    for (SlotState slot : slots) {
      List<JsonNode> kept = new ArrayList<>();
      for (JsonNode s : statements(slot.document())) {
        String other = s.path("Sid").asText("");
        if (other.equals(sid)) {
          // Where it already is as desired (the first such slot), else where it is at all.
          boolean same = sameStatement(s, statement);
          if (current == null || (same && !currentSame)) {
            current = slot.number();
            currentSame = same;
          }
        } else if (keep.test(other)) {
          kept.add(s);
        }
      }
      cleaned.put(slot.number(), kept);
    }
    Integer target = current != null && fits(cleaned.get(current), statement) ? current : null;
    for (var e : cleaned.entrySet()) {
      if (target == null && fits(e.getValue(), statement)) {
        target = e.getKey();
      }
    }
    for (int n = 1; target == null && n <= GrantPack.MAX_SLOTS; n++) {
      if (!cleaned.containsKey(n) && !unavailable.contains(n)) {
        target = n;
      }
    }
    if (target == null) {
      return Validated.invalid(
          List.of(
              ("the %d policies that carry grants to these principals are full (%d characters"
                      + " each); grant through another principal, e.g. a second group")
                  .formatted(GrantPack.MAX_SLOTS, MAX_POLICY_SIZE)));
    }
    cleaned.computeIfAbsent(target, n -> new ArrayList<>()).add(statement);
    return Validated.valid(changes(target, slots, cleaned));
  }

  /**
   * The changes that place several statements at once (one write per slot for a batch of grants
   * that arrived together), each as {@link #place} would, in the order given.
   *
   * @param slots where each statement went, by Sid; a statement with no room is missing
   * @param writes slot number to its new document; slots not observed are created
   * @param deletes slots to delete, nothing being left in them
   */
  public record Batch(
      Map<String, Integer> slots, Map<Integer, PolicyDocument> writes, Set<Integer> deletes) {}

  /** Places {@code statements} in turn; see {@link #place}. */
  public static Batch placeAll(
      List<SlotState> slots,
      Set<Integer> unavailable,
      List<JsonNode> statements,
      Predicate<String> keep) {
    Map<Integer, PolicyDocument> working = new TreeMap<>();
    slots.forEach(s -> working.put(s.number(), s.document()));
    Map<String, Integer> placed = new LinkedHashMap<>();
    for (JsonNode statement : statements) {
      List<SlotState> states = new ArrayList<>();
      working.forEach((n, d) -> states.add(new SlotState(n, d)));
      Validated<Placement> placement = place(states, unavailable, statement, keep);
      if (!placement.isValid()) {
        continue;
      }
      working.putAll(placement.get().writes());
      placement.get().deletes().forEach(working::remove);
      placed.put(statement.get("Sid").asText(), placement.get().slot());
    }
    Map<Integer, PolicyDocument> writes = new TreeMap<>();
    Set<Integer> deletes = new java.util.TreeSet<>();
    Map<Integer, PolicyDocument> before = new TreeMap<>();
    slots.forEach(s -> before.put(s.number(), s.document()));
    working.forEach(
        (n, d) -> {
          if (!before.containsKey(n) || !d.semanticallyEquals(before.get(n))) {
            writes.put(n, d);
          }
        });
    before.keySet().stream().filter(n -> !working.containsKey(n)).forEach(deletes::add);
    return new Batch(placed, writes, deletes);
  }

  /**
   * Takes the statement with {@code sid} out of the slots (and every statement {@code keep} rejects
   * from the slots it is in); with {@code retainedAs} it stays under that Sid instead.
   */
  public static Placement remove(
      List<SlotState> slots, String sid, Predicate<String> keep, Optional<String> retainedAs) {
    Map<Integer, List<JsonNode>> cleaned = new TreeMap<>();
    List<SlotState> touched = new ArrayList<>();
    for (SlotState slot : slots) {
      List<JsonNode> statements = statements(slot.document());
      if (statements.stream().noneMatch(s -> sid.equals(s.path("Sid").asText("")))) {
        continue;
      }
      List<JsonNode> kept = new ArrayList<>();
      for (JsonNode s : statements) {
        String other = s.path("Sid").asText("");
        if (other.equals(sid)) {
          retainedAs.ifPresent(r -> kept.add(canonical(((ObjectNode) s.deepCopy()).put("Sid", r))));
        } else if (keep.test(other)) {
          kept.add(s);
        }
      }
      cleaned.put(slot.number(), kept);
      touched.add(slot);
    }
    return changes(0, touched, cleaned);
  }

  /**
   * Takes several statements out of the slots at once; see {@link #remove}.
   *
   * @param sids the Sids to take out, each to the Retained Sid it is to keep, if any
   */
  public static Placement removeAll(
      List<SlotState> slots, Map<String, Optional<String>> sids, Predicate<String> keep) {
    Map<Integer, PolicyDocument> working = new TreeMap<>();
    slots.forEach(s -> working.put(s.number(), s.document()));
    for (var sid : sids.entrySet()) {
      List<SlotState> states = new ArrayList<>();
      working.forEach((n, d) -> states.add(new SlotState(n, d)));
      Placement removal = remove(states, sid.getKey(), keep, sid.getValue());
      working.putAll(removal.writes());
      removal.deletes().forEach(working::remove);
    }
    Map<Integer, PolicyDocument> writes = new TreeMap<>();
    Set<Integer> deletes = new java.util.TreeSet<>();
    for (SlotState s : slots) {
      PolicyDocument now = working.get(s.number());
      if (now == null) {
        deletes.add(s.number());
      } else if (!now.semanticallyEquals(s.document())) {
        writes.put(s.number(), now);
      }
    }
    return new Placement(0, writes, deletes);
  }

  /** The statements of a slot's document, or none. */
  public static List<JsonNode> statements(PolicyDocument document) {
    List<JsonNode> out = new ArrayList<>();
    if (document != null) {
      document.toJsonNode().path("Statement").forEach(out::add);
    }
    return out;
  }

  /** True when the document holds the Sid. */
  public static boolean holds(PolicyDocument document, String sid) {
    return statements(document).stream().anyMatch(s -> sid.equals(s.path("Sid").asText("")));
  }

  private static Placement changes(
      int target, List<SlotState> observed, Map<Integer, List<JsonNode>> cleaned) {
    Map<Integer, PolicyDocument> before = new LinkedHashMap<>();
    observed.forEach(s -> before.put(s.number(), s.document()));
    Map<Integer, PolicyDocument> writes = new TreeMap<>();
    Set<Integer> deletes = new java.util.TreeSet<>();
    cleaned.forEach(
        (n, statements) -> {
          if (statements.isEmpty()) {
            if (before.containsKey(n)) {
              deletes.add(n);
            }
            return;
          }
          PolicyDocument next = document(statements);
          PolicyDocument old = before.get(n);
          if (old == null || !next.semanticallyEquals(old)) {
            writes.put(n, next);
          }
        });
    return new Placement(target, writes, deletes);
  }

  private static boolean fits(List<JsonNode> statements, JsonNode statement) {
    List<JsonNode> all = new ArrayList<>(statements);
    all.add(statement);
    return document(all).minifiedLength() <= MAX_POLICY_SIZE;
  }

  private static boolean sameStatement(JsonNode a, JsonNode b) {
    return document(List.of(a)).semanticallyEquals(document(List.of(b)));
  }

  private static PolicyDocument document(List<JsonNode> statements) {
    ObjectNode doc = NODES.objectNode().put("Version", "2012-10-17");
    ArrayNode array = doc.putArray("Statement");
    statements.forEach(array::add);
    return PolicyDocument.of(doc);
  }

  private static JsonNode canonical(ObjectNode statement) {
    return document(List.of(statement)).toJsonNode().get("Statement").get(0);
  }
}
