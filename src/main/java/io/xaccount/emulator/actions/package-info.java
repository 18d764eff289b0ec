/**
 * The IAM and STS actions the emulator serves, one class per family (roles, users and groups,
 * managed and inline policies and their versions, attachments, instance profiles, access keys, STS,
 * GetAccountAuthorizationDetails): each registers its handlers with the protocol's {@code
 * ActionRegistry}, reads the request, applies the model's rules and writes the answer. It may use
 * the protocol, the model and the evaluation (STS decides trust and session policies itself).
 */
package io.xaccount.emulator.actions;
