package io.xaccount.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A static worst-case cost estimate of a CRD validation rule, in the manner of the API server's
 * (cel-go's checker cost model, which Kubernetes runs on every CRD create and update): sizes come
 * from the schema's maxLength / maxItems / maxProperties, or, where unbounded, from the 3 MiB
 * request limit; comparing or traversing a string costs 0.1 per character, a regex match the string
 * traversal times 0.25 per pattern character, a comprehension its range times its step. It is an
 * approximation that errs on the high side for the constructs these CRDs use, and refuses (throws)
 * on any construct it does not know, so that a new kind of rule cannot slip past it unestimated.
 */
final class CelCostEstimator {
  /** Kubernetes' limit on a request, which bounds every unbounded list, map and string. */
  static final long MAX_REQUEST_BYTES = 3L * 1024 * 1024;

  /** The API server's budget for one rule's estimated cost, and for all rules of a CRD. */
  static final long PER_RULE_BUDGET = 10_000_000L;

  static final long PER_CRD_BUDGET = 100_000_000L;

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();

  private static final Set<String> CONSTANT_COST_CALLS =
      Set.of(
          "_&&_",
          "_||_",
          "!_",
          "_?_:_",
          "_+_",
          "_-_",
          "_<_",
          "_<=_",
          "_>_",
          "_>=_",
          "size",
          "@not_strictly_false");

  private CelCostEstimator() {}

  /** The estimated cost of {@code rule} evaluated once at the schema node {@code self}. */
  static long estimate(String rule, JsonNode self) {
    CelExpr expr;
    try {
      expr = CEL.parse(rule).getAst().getExpr();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException("rule does not parse: " + rule, e);
    }
    Map<String, JsonNode> scope = new HashMap<>();
    scope.put("self", self);
    scope.put("oldSelf", self);
    return cost(expr, scope);
  }

  /** How many values a list or map node may hold; 1 for anything else. */
  static long maxCount(JsonNode schema) {
    String type = schema.path("type").asText();
    if (type.equals("array")) {
      // The smallest element a request can hold: "" or 0 plus a comma.
      return schema.has("maxItems") ? schema.get("maxItems").asLong() : MAX_REQUEST_BYTES / 2;
    }
    if (type.equals("object") && schema.has("additionalProperties")) {
      // "":"" plus a comma.
      return schema.has("maxProperties")
          ? schema.get("maxProperties").asLong()
          : MAX_REQUEST_BYTES / 6;
    }
    return 1;
  }

  /** The longest a string node may be. */
  static long maxLength(JsonNode schema) {
    if (schema.has("maxLength")) {
      return schema.get("maxLength").asLong();
    }
    if (schema.has("enum")) {
      long longest = 0;
      for (JsonNode value : schema.get("enum")) {
        longest = Math.max(longest, value.asText().length());
      }
      return longest;
    }
    return MAX_REQUEST_BYTES - 2;
  }

  private static long cost(CelExpr expr, Map<String, JsonNode> scope) {
    return switch (expr.getKind()) {
      case CONSTANT, IDENT -> 0;
      case SELECT -> 1 + cost(expr.select().operand(), scope);
      case CALL -> call(expr.call(), scope);
      case COMPREHENSION -> comprehension(expr.comprehension(), scope);
      case LIST -> {
        long sum = 1;
        for (CelExpr element : expr.list().elements()) {
          sum += cost(element, scope);
        }
        yield sum;
      }
      default -> throw new IllegalArgumentException("no cost model for " + expr.getKind());
    };
  }

  private static long call(CelExpr.CelCall call, Map<String, JsonNode> scope) {
    String function = call.function();
    List<CelExpr> args =
        call.target().map(t -> prepend(t, call.args())).orElse(List.copyOf(call.args()));
    long operands = 0;
    for (CelExpr arg : args) {
      operands += cost(arg, scope);
    }
    if (CONSTANT_COST_CALLS.contains(function)) {
      return 1 + operands;
    }
    if (function.equals("_==_") || function.equals("_!=_")) {
      long size = Math.max(size(args.get(0), scope), size(args.get(1), scope));
      return 1 + operands + ceilTenth(size);
    }
    if (function.equals("matches") && args.size() == 2) {
      long string = size(args.get(0), scope);
      long pattern =
          args.get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
              ? args.get(1).constant().stringValue().length()
              : MAX_REQUEST_BYTES;
      return 1 + operands + ceilTenth(string) * (long) Math.ceil(pattern * 0.25);
    }
    throw new IllegalArgumentException("no cost model for function " + function);
  }

  private static long comprehension(
      CelExpr.CelComprehension comprehension, Map<String, JsonNode> scope) {
    JsonNode range = node(comprehension.iterRange(), scope);
    long count = maxCount(range);
    Map<String, JsonNode> inner = new HashMap<>(scope);
    inner.put(comprehension.iterVar(), range.path("items"));
    long step = cost(comprehension.loopStep(), inner) + cost(comprehension.loopCondition(), inner);
    return cost(comprehension.iterRange(), scope) + count * (step + 1);
  }

  /** The size the value of {@code expr} may reach: a string's length, a list's items. */
  private static long size(CelExpr expr, Map<String, JsonNode> scope) {
    if (expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
      CelConstant constant = expr.constant();
      return constant.getKind() == CelConstant.Kind.STRING_VALUE
          ? constant.stringValue().length()
          : 1;
    }
    JsonNode schema = node(expr, scope);
    String type = schema.path("type").asText();
    if (type.equals("string")) {
      return maxLength(schema);
    }
    if (type.equals("array") || schema.has("additionalProperties")) {
      return maxCount(schema);
    }
    return 1;
  }

  /** The schema node an identifier or field selection refers to (missing when unknown). */
  private static JsonNode node(CelExpr expr, Map<String, JsonNode> scope) {
    return switch (expr.getKind()) {
      case IDENT -> scope.getOrDefault(expr.ident().name(), MissingNode.getInstance());
      case SELECT ->
          node(expr.select().operand(), scope).path("properties").path(expr.select().field());
      default -> MissingNode.getInstance();
    };
  }

  private static List<CelExpr> prepend(CelExpr first, List<CelExpr> rest) {
    ArrayList<CelExpr> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static long ceilTenth(long size) {
    return (long) Math.ceil(size * 0.1);
  }
}
