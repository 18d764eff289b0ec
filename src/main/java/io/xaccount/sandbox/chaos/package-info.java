/**
 * The chaos run ({@code quarkus-run.jar chaos}): a workload applied in waves while the operator,
 * run as its own process, is killed, its API connections cut, IAM throttled and edited out of band
 * and bad input applied, then an audit of what IAM and the cluster hold. It builds on the session
 * ({@link io.xaccount.sandbox}), the embedded API's fault knobs, the emulator and the operator's
 * resource types; nothing else in the sandbox imports it.
 */
package io.xaccount.sandbox.chaos;
