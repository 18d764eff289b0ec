/**
 * Policy evaluation and authorization, as the IAM User Guide's "Policy evaluation logic" describes
 * it: the request context ({@code RequestContext}, {@code ContextKeys}), statement matching with
 * wildcards, policy variables and condition operators ({@code PolicyEngine}, {@code Wildcards},
 * {@code PolicyVariables}, {@code Conditions}), the caller's policies ({@code CallerPolicies}),
 * resource policies and the principals they name ({@code ResourcePrincipals}) and the decision
 * itself ({@code Authorizer}). It reads the account's model and nothing else of the emulator: no
 * protocol, no actions, no knobs.
 */
package io.xaccount.emulator.evaluation;
