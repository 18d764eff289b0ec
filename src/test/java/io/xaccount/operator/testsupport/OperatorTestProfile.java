package io.xaccount.operator.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers the emulator for every {@code @QuarkusTest}: one operator application, one emulator,
 * one mock Kubernetes API per test run. Test classes add {@code @WithKubernetesTestServer(crud =
 * true, setup = KubeSystem.class)} themselves, identically, so Quarkus boots the application once.
 */
@QuarkusTestResource(EmulatorResource.class)
public final class OperatorTestProfile {
  private OperatorTestProfile() {}
}
