/**
 * The emulated accounts and what they hold: roles, users, groups, managed and inline policies,
 * instance profiles, access keys and sessions, tags, AWS managed policies, and snapshots loaded
 * from GetAccountAuthorizationDetails; with the rules IAM enforces on them (names, quotas, policy
 * grammar, stored trust principals) and the errors it answers with ({@code IamError}). It is the
 * bottom room: it imports no other room of the emulator.
 */
package io.xaccount.emulator.model;
