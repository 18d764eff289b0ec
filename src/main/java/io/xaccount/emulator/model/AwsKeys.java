package io.xaccount.emulator.model;

/** An access key pair accepted by the emulator (long-term admin keys or temporary ones). */
public record AwsKeys(String accessKeyId, String secretAccessKey) {}
