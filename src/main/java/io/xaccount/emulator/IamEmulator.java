package io.xaccount.emulator;

import com.sun.net.httpserver.HttpServer;
import io.xaccount.emulator.actions.AccessKeyActions;
import io.xaccount.emulator.actions.AttachmentActions;
import io.xaccount.emulator.actions.AuthorizationDetails;
import io.xaccount.emulator.actions.InlinePolicyActions;
import io.xaccount.emulator.actions.InstanceProfileActions;
import io.xaccount.emulator.actions.ManagedPolicyActions;
import io.xaccount.emulator.actions.PolicyVersionActions;
import io.xaccount.emulator.actions.RoleActions;
import io.xaccount.emulator.actions.StsActions;
import io.xaccount.emulator.actions.UserActions;
import io.xaccount.emulator.knobs.Call;
import io.xaccount.emulator.knobs.CallLog;
import io.xaccount.emulator.knobs.Faults;
import io.xaccount.emulator.model.AccountState;
import io.xaccount.emulator.model.AwsKeys;
import io.xaccount.emulator.model.EmulatorState;
import io.xaccount.emulator.model.Snapshots;
import io.xaccount.emulator.wire.ActionRegistry;
import io.xaccount.emulator.wire.QueryHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * An in-process IAM + STS emulator speaking the AWS Query protocol on one local port, for tests and
 * the operator's sandbox mode. Each account's administrator is its root user: {@link
 * #adminKeys(String)} returns root access keys, whose identity is {@code
 * arn:aws:iam::<account>:root}.
 */
public final class IamEmulator implements AutoCloseable {
  private final EmulatorState state;
  private final Faults faults;
  private final CallLog log = new CallLog();
  private final int requestedPort;
  private volatile Consumer<Call> answered = call -> {};
  private HttpServer server;
  private ExecutorService executor;

  private IamEmulator(Builder b) {
    this.state = new EmulatorState(b.clock, b.seed);
    this.faults = new Faults(b.clock, b.seed);
    this.requestedPort = b.port;
    b.accounts.forEach(state::addAccount);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts serving on 127.0.0.1 (a random port unless one was set). */
  public IamEmulator start() {
    ActionRegistry iam = new ActionRegistry();
    RoleActions.register(iam);
    InlinePolicyActions.register(iam);
    AttachmentActions.register(iam);
    ManagedPolicyActions.register(iam);
    PolicyVersionActions.register(iam);
    InstanceProfileActions.register(iam);
    UserActions.register(iam);
    AccessKeyActions.registerIam(iam);
    AuthorizationDetails.register(iam);
    ActionRegistry sts = new ActionRegistry();
    StsActions.register(sts);
    AccessKeyActions.registerSts(sts);
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        new QueryHandler(
            state,
            faults,
            log,
            call -> answered.accept(call),
            new QueryHandler.Service(
                "iam", "2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/", iam),
            new QueryHandler.Service(
                "sts", "2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/", sts)));
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.start();
    return this;
  }

  /** {@code http://127.0.0.1:<port>}, serving both IAM and STS. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The root access keys of an emulated account. */
  public AwsKeys adminKeys(String accountId) {
    state.account(accountId);
    return state.adminKeys.get(accountId);
  }

  /** The state of an emulated account, for seeding and quotas. */
  public AccountState account(String accountId) {
    return state.account(accountId);
  }

  /** Adds an account at runtime; returns its state. */
  public AccountState addAccount(String accountId) {
    state.addAccount(accountId);
    return state.account(accountId);
  }

  public CallLog calls() {
    return log;
  }

  public Faults faults() {
    return faults;
  }

  /**
   * Called with each call once it is decided and recorded, before its response is sent: what the
   * listener does (stop the caller, say) happens while the caller still waits for the answer.
   */
  public IamEmulator onAnswered(Consumer<Call> listener) {
    this.answered = listener;
    return this;
  }

  /**
   * How long a new user or role stays invisible to trust-policy principal validation (answering
   * "Invalid principal in policy" until then). Entities created before this call are not delayed.
   */
  public IamEmulator setPrincipalPropagationDelay(Duration delay) {
    state.principalPropagationDelay = delay;
    state.delaysSince = state.now();
    return this;
  }

  /** How long GetRole (GetPolicy) answers NoSuchEntity for a newly created role (policy). */
  public IamEmulator setReadAfterCreateDelay(Duration delay) {
    state.readAfterCreateDelay = delay;
    return this;
  }

  /**
   * How long a newly created role cannot be assumed (AssumeRole answers AccessDenied). Roles
   * created before this call are not delayed.
   */
  public IamEmulator setAssumeRoleDelay(Duration delay) {
    state.assumableDelay = delay;
    state.delaysSince = state.now();
    return this;
  }

  /**
   * Whether every call is authorized against the caller's policies as IAM would (default true): a
   * user's or role session's identity-based policies, permissions boundary and session policies,
   * and for AssumeRole the role's trust policy. The root user of each account is not limited by
   * identity policies. Off, only the trust policy decides AssumeRole.
   */
  public IamEmulator setAuthorization(boolean enabled) {
    state.authorizeCalls = enabled;
    return this;
  }

  /**
   * The "reshape" knob: every document the emulator returns (trust policies, inline policies,
   * policy versions) comes back in another equivalent shape each time — keys, statements and value
   * lists reordered, one-element arrays and strings swapped — as IAM may return them. Off by
   * default; {@code seed} makes the shapes reproducible.
   */
  public IamEmulator setReshape(boolean enabled, long seed) {
    state.reshape = enabled ? new java.util.Random(seed) : null;
    return this;
  }

  /** Shorthand for {@code calls().mark()}. */
  public long mark() {
    return log.mark();
  }

  /** Shorthand for {@code calls().since(mark)}. */
  public List<Call> callsSince(long mark) {
    return log.since(mark);
  }

  /**
   * Loads an account's IAM from {@code aws iam get-account-authorization-details} output, adding
   * the account when it is not emulated yet (see {@link Snapshots} for what that output carries).
   *
   * @return one line per entity left out, and why
   */
  public List<String> loadAuthorizationDetails(
      String accountId, com.fasterxml.jackson.databind.JsonNode details) {
    synchronized (state) {
      if (!state.hasAccount(accountId)) {
        state.addAccount(accountId);
      }
      return Snapshots.load(state.account(accountId), details);
    }
  }

  /** GetAccountAuthorizationDetails of an account, in the AWS CLI's JSON output shape. */
  public com.fasterxml.jackson.databind.node.ObjectNode authorizationDetails(String accountId) {
    synchronized (state) {
      return AuthorizationDetails.json(state.account(accountId));
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /** Configures accounts, port, clock and random seed. */
  public static final class Builder {
    private final List<String> accounts = new ArrayList<>();
    private int port;
    private Clock clock = Clock.systemUTC();
    private long seed = 42;

    public Builder accounts(String... accountIds) {
      accounts.addAll(List.of(accountIds));
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The clock behind consistency delays, credential expiry, timestamps and rate limits. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Seed for generated IDs and keys and for probabilistic faults. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public IamEmulator build() {
      return new IamEmulator(this);
    }
  }
}
