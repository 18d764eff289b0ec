package io.xaccount.kube;

/**
 * One row of the kubectl conformance suite: the line of {@code ../shared/K8S-FACTS.md} it checks,
 * what kube-apiserver does (its documented behaviour), and the check, run with the real kubectl.
 */
record ConformanceRow(String fact, String behaviour, Check check) {
  /** Runs kubectl against the embedded API and asserts what a cluster would answer. */
  interface Check {
    void run(Kubectl kubectl) throws Exception;
  }

  @Override
  public String toString() {
    return fact + ": " + behaviour;
  }

  /** The namespace every row works in (created by the suite, with kubectl). */
  static final String NS = "conformance";

  /** A valid CrossAccountRole in {@link #NS}, with {@code more} spec lines (YAML, indented 2). */
  static String role(String name, String more) {
    return """
        apiVersion: xaccount.io/v1alpha1
        kind: CrossAccountRole
        metadata: {name: %s, namespace: %s}
        spec:
          accountRef: prod
          roleName: R-%s
          trust: {accountIds: ["123456789012"]}
        %s"""
        .formatted(name, NS, name, more.isEmpty() ? "" : more.indent(2).stripTrailing());
  }

  static String policies(String... names) {
    StringBuilder yaml = new StringBuilder("managedPolicyArns:");
    for (String name : names) {
      yaml.append("\n- arn:aws:iam::aws:policy/").append(name);
    }
    return yaml.toString();
  }
}
