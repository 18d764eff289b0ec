package io.xaccount.operator;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.lang.reflect.InvocationTargetException;

/**
 * The operator's entry point. {@code java -jar quarkus-run.jar} runs the operator; {@code java -jar
 * quarkus-run.jar sandbox ...} hands over to the sandbox (an embedded Kubernetes API and IAM/STS
 * emulator around the same operator), {@code bench ...} to the benchmark built on it, {@code plan
 * ...} to the offline plan built on it, {@code chaos ...} to the chaos run (which starts this jar
 * again, without arguments, as the operator).
 */
@QuarkusMain
public final class OperatorMain {
  static final String SANDBOX = "sandbox";
  static final String BENCH = "bench";
  static final String CHAOS = "chaos";
  static final String PLAN = "plan";
  private static final String SANDBOX_CLASS = "io.xaccount.sandbox.Sandbox";
  private static final String BENCH_CLASS = "io.xaccount.sandbox.Bench";
  private static final String CHAOS_CLASS = "io.xaccount.sandbox.Chaos";
  private static final String PLAN_CLASS = "io.xaccount.sandbox.PlanCommand";

  private OperatorMain() {}

  public static void main(String... args) throws Exception {
    if (args.length > 0 && SANDBOX.equals(args[0])) {
      runSandbox(SANDBOX_CLASS, args);
      return;
    }
    if (args.length > 0 && PLAN.equals(args[0])) {
      runSandbox(PLAN_CLASS, args);
      return;
    }
    if (args.length > 0 && BENCH.equals(args[0])) {
      runSandbox(BENCH_CLASS, args);
      return;
    }
    if (args.length > 0 && CHAOS.equals(args[0])) {
      runSandbox(CHAOS_CLASS, args);
      return;
    }
    Quarkus.run(args);
  }

  // Looked up by name so that no sandbox class (nor the emulator or mock server behind it) is
  // loaded, or even linked, in a production deployment.
  private static void runSandbox(String className, String[] args) throws Exception {
    try {
      Class.forName(className).getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
