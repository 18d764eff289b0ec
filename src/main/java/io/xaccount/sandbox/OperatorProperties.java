package io.xaccount.sandbox;

import io.xaccount.emulator.model.AwsKeys;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The only differences from a production run: where the Kubernetes API and IAM/STS are, the
 * operator's AWS credentials, and what a single local process does not need (leader election, a
 * fixed HTTP port, kubeconfig or service-account discovery).
 */
public final class OperatorProperties {
  private OperatorProperties() {}

  public static void set(String apiServerUrl, EmulatedAws aws) {
    AwsKeys keys = aws.operatorKeys();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("quarkus.kubernetes-client.api-server-url", apiServerUrl);
    properties.put("quarkus.kubernetes-client.namespace", "default");
    properties.put("kubernetes.auth.tryKubeConfig", "false");
    properties.put("kubernetes.auth.tryServiceAccount", "false");
    properties.put("xaccount.aws.endpoint-url", aws.endpoint());
    properties.putAll(pace(aws));
    // The AWS SDK default credential chain reads these before the environment and profiles.
    properties.put("aws.accessKeyId", keys.accessKeyId());
    properties.put("aws.secretAccessKey", keys.secretAccessKey());
    properties.put("aws.region", "us-east-1");
    properties.put("xaccount.leader-election.enabled", "false");
    properties.put("quarkus.http.port", "0");
    // A local sandbox serves only this machine.
    properties.put("quarkus.http.host", "127.0.0.1");
    properties.put("quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
    properties.put(
        "quarkus.log.category.\"io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils\".level",
        "ERROR");
    properties.forEach(System::setProperty);
  }

  /**
   * The operator's IAM pace: its own default when the emulator keeps IAM's pace (the benchmark's
   * throttling token bucket), else one the emulator never meets, since it then answers any rate.
   */
  public static Map<String, String> pace(EmulatedAws aws) {
    return aws.emulator().faults().paced()
        ? Map.of()
        : Map.of("xaccount.aws.iam-calls-per-second", "1000", "xaccount.aws.iam-burst", "1000");
  }
}
