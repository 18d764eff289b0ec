/**
 * The sandbox: the operator on its production code path against an embedded Kubernetes API (the
 * Fabric8 mock server in CRUD mode, with the discovery kubectl needs) and the IAM/STS emulator.
 * Started only by {@code quarkus-run.jar sandbox ...}; nothing here is loaded otherwise.
 */
package io.xaccount.sandbox;
