/**
 * The test knobs: injected faults, latency and throttling ({@code Faults}, {@code TokenBucket}),
 * the log of every call ({@code CallLog}, {@code Call}) and the reshaping of returned documents
 * ({@code Reshape}). They change how calls are answered, never what the account holds; they may use
 * the account's model (its errors and documents) but no other room of the emulator.
 */
package io.xaccount.emulator.knobs;
