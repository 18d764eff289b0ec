package io.xaccount.emulator.wire;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.xaccount.emulator.evaluation.Authorizer;
import io.xaccount.emulator.evaluation.RequestContext;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.emulator.knobs.CallLog;
import io.xaccount.emulator.knobs.Faults;
import io.xaccount.emulator.knobs.Reshape;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.EmulatorState;
import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.Identity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The single HTTP endpoint: decodes a Query-protocol POST, identifies the caller, applies the test
 * faults, dispatches to IAM or STS by {@code Version}, records the call, writes the XML.
 */
public final class QueryHandler implements HttpHandler {
  /** One Query-protocol service sharing the port. */
  public record Service(String name, String version, String namespace, ActionRegistry actions) {}

  private final EmulatorState state;
  private final Faults faults;
  private final CallLog log;
  private static final Map<String, String> TAG_ON_CREATE =
      Map.of(
          "CreateRole", "TagRole",
          "CreateUser", "TagUser",
          "CreatePolicy", "TagPolicy",
          "CreateInstanceProfile", "TagInstanceProfile");

  private static final Pattern SCOPE = Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/]+)/");

  /** The request parameters that name an entity, in the order {@link Call#entity()} picks. */
  private static final List<String> ENTITIES =
      List.of(
          "RoleName", "UserName", "GroupName", "PolicyArn", "PolicyName", "InstanceProfileName");

  private final Map<String, Service> byVersion = new HashMap<>();
  private final Consumer<Call> answered;

  public QueryHandler(
      EmulatorState state,
      Faults faults,
      CallLog log,
      Consumer<Call> answered,
      Service... services) {
    this.state = state;
    this.faults = faults;
    this.log = log;
    this.answered = answered;
    for (Service s : services) {
      byVersion.put(s.version(), s);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> params = decodeForm(body);
      if (exchange.getRequestURI().getRawQuery() != null) {
        params.putAll(decodeForm(exchange.getRequestURI().getRawQuery()));
      }
      Service service = byVersion.getOrDefault(params.get("Version"), byVersion.get("2010-05-08"));
      String action = String.valueOf(params.get("Action"));
      String requestId = UUID.randomUUID().toString();
      String entity =
          ENTITIES.stream().map(params::get).filter(v -> v != null).findFirst().orElse(null);
      Identity caller = null;
      Call call;
      String response;
      int status = 200;
      try {
        caller = state.keys.resolve(exchange.getRequestHeaders().getFirst("Authorization"));
        if (state.reshape != null) {
          Reshape.begin(new java.util.Random(state.reshape.nextLong()));
        }
        try {
          String region = signingRegion(exchange.getRequestHeaders().getFirst("Authorization"));
          response = dispatchOrFail(service, action, params, caller, region, requestId);
        } finally {
          Reshape.end();
        }
        call =
            log.record(
                service.name(),
                action,
                caller.accountId(),
                caller.arn(),
                state.now(),
                null,
                entity);
      } catch (IamError e) {
        status = e.status();
        response = error(service, e, requestId);
        call =
            log.record(
                service.name(),
                action,
                caller == null ? null : caller.accountId(),
                caller == null ? null : caller.arn(),
                state.now(),
                e.code(),
                entity);
      }
      answered.accept(call);
      byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml");
      exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Any bug in a handler surfaces as IAM's own 500, ServiceFailure, rather than a hang. */
  private String dispatchOrFail(
      Service service,
      String action,
      Map<String, String> params,
      Identity caller,
      String region,
      String reqId) {
    try {
      return dispatch(service, action, params, caller, region, reqId);
    } catch (IamError e) {
      throw e;
    } catch (RuntimeException e) {
      throw IamError.of("ServiceFailure", "Emulator failure: " + e);
    }
  }

  private String dispatch(
      Service service,
      String action,
      Map<String, String> params,
      Identity caller,
      String region,
      String reqId) {
    sleep(faults.latencyFor(action, caller.accountId()));
    IamError injected = faults.injected(action, caller.accountId());
    if (injected != null) {
      throw injected;
    }
    ActionRegistry.Entry entry = service.actions().find(action);
    if (entry == null) {
      throw IamError.of(
          "InvalidAction",
          "Could not find operation " + action + " for version " + service.version());
    }
    if (service.name().equals("iam")) {
      InputConstraints.check(action, params);
    }
    Xml result = new Xml();
    synchronized (state) {
      AccountState account = state.account(caller.accountId());
      QueryRequest request = new QueryRequest(action, params, caller, account, state, region);
      String permission = service.name() + ":" + action;
      if (faults.isDenied(caller.accountId(), permission)) {
        throw IamError.of(
            "AccessDenied",
            "User: "
                + caller.arn()
                + " is not authorized to perform: "
                + permission
                + " on resource: "
                + ResourceArns.of(request)
                + " because no identity-based policy allows the "
                + permission
                + " action");
      }
      if (state.authorizeCalls && !selfAuthorized(service)) {
        RequestContext ctx = RequestContexts.of(request, service.name());
        Authorizer.authorize(state, ctx);
        // Tags on create are authorized as a second action, the entity's Tag* (as IAM does).
        String tagAction = TAG_ON_CREATE.get(action);
        if (tagAction != null && !request.tags().isEmpty()) {
          Authorizer.authorize(state, ctx.withAction("iam:" + tagAction));
        }
      }
      entry.handler().handle(request, result);
    }
    // Applied, and yet the caller is told it failed: a response lost on its way back.
    IamError lost = faults.injectedAfterApply(action, caller.accountId());
    if (lost != null) {
      throw lost;
    }
    Xml x = new Xml().openNs(action + "Response", service.namespace());
    if (entry.hasResult()) {
      x.open(action + "Result").raw(result.toString()).close(action + "Result");
    }
    return x.open("ResponseMetadata")
        .el("RequestId", reqId)
        .close("ResponseMetadata")
        .close(action + "Response")
        .toString();
  }

  /**
   * STS actions that need no permission (GetCallerIdentity, GetSessionToken) or decide themselves
   * with the role's trust policy (AssumeRole).
   */
  private static boolean selfAuthorized(Service service) {
    return service.name().equals("sts");
  }

  private static String error(Service service, IamError e, String requestId) {
    return new Xml()
        .openNs("ErrorResponse", service.namespace())
        .open("Error")
        .el("Type", e.type())
        .el("Code", e.code())
        .el("Message", e.getMessage())
        .close("Error")
        .el("RequestId", requestId)
        .close("ErrorResponse")
        .toString();
  }

  /**
   * The region a request was signed for (SigV4 credential scope {@code key/date/region/service/}),
   * or null: where STS was called, which IAM reports as the region a role was last used in.
   */
  private static String signingRegion(String authorization) {
    Matcher m = authorization == null ? null : SCOPE.matcher(authorization);
    return m != null && m.find() ? m.group(1) : null;
  }

  private static Map<String, String> decodeForm(String form) {
    Map<String, String> out = new HashMap<>();
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void sleep(java.time.Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
