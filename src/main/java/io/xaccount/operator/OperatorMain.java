package io.xaccount.operator;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.lang.reflect.InvocationTargetException;

/**
 * The operator's entry point. {@code java -jar quarkus-run.jar} (or {@code ... operator}) runs the
 * operator; {@code sandbox ...} hands over to the sandbox (an embedded Kubernetes API and IAM/STS
 * emulator around the same operator), {@code bench ...} to the benchmark built on it, {@code plan
 * ...} to the offline plan built on it, {@code chaos ...} to the chaos run (which starts this jar
 * again, without arguments, as the operator). {@code help} and {@code version} answer without
 * starting anything; any other first argument is a mistake, answered with the list of commands
 * rather than by starting the operator against whatever kubeconfig and AWS credentials are around.
 */
@QuarkusMain
public final class OperatorMain {
  static final String OPERATOR = "operator";
  static final String SANDBOX = "sandbox";
  static final String BENCH = "bench";
  static final String CHAOS = "chaos";
  static final String PLAN = "plan";
  private static final String SANDBOX_CLASS = "io.xaccount.sandbox.Sandbox";
  private static final String BENCH_CLASS = "io.xaccount.sandbox.bench.Bench";
  private static final String CHAOS_CLASS = "io.xaccount.sandbox.chaos.Chaos";
  private static final String PLAN_CLASS = "io.xaccount.sandbox.plan.PlanCommand";

  private OperatorMain() {}

  public static void main(String... args) throws Exception {
    String command = args.length == 0 ? OPERATOR : args[0];
    switch (command) {
      case OPERATOR -> {
        if (args.length > 1) {
          System.exit(CommandLineHelp.usageError("the operator takes no arguments"));
        }
        Quarkus.run();
      }
      case SANDBOX -> runSandbox(SANDBOX_CLASS, args);
      case PLAN -> runSandbox(PLAN_CLASS, args);
      case BENCH -> runSandbox(BENCH_CLASS, args);
      case CHAOS -> runSandbox(CHAOS_CLASS, args);
      case "help", "--help", "-h" -> System.out.print(CommandLineHelp.text());
      case "version", "--version" -> System.out.println(CommandLineHelp.version());
      default -> System.exit(CommandLineHelp.usageError("unknown command: " + command));
    }
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
