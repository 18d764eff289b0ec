package io.xaccount.emulator.model;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps access key IDs to identities and resolves the caller of a SigV4-signed request. */
public final class KeyRegistry {
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

  private final Map<String, Identity> byKey = new ConcurrentHashMap<>();
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Clock clock;

  KeyRegistry(Clock clock) {
    this.clock = clock;
  }

  public void register(AwsKeys keys, Identity identity) {
    byKey.put(keys.accessKeyId(), identity);
    secrets.put(keys.accessKeyId(), keys.secretAccessKey());
  }

  public void unregister(String accessKeyId) {
    byKey.remove(accessKeyId);
    secrets.remove(accessKeyId);
  }

  /**
   * The caller named by the {@code Authorization} header. Signatures are not verified: the emulator
   * only needs to know who is calling.
   */
  public Identity resolve(String authorization) {
    if (authorization == null) {
      throw IamError.of("MissingAuthenticationToken", "Request is missing Authentication Token");
    }
    Matcher m = CREDENTIAL.matcher(authorization);
    Identity identity = m.find() ? byKey.get(m.group(1)) : null;
    if (identity == null) {
      throw IamError.of(
          "InvalidClientTokenId", "The security token included in the request is invalid.");
    }
    if (identity.expiration() != null && !clock.instant().isBefore(identity.expiration())) {
      // Real STS/IAM answer ExpiredToken (400) for expired session credentials.
      throw IamError.of("ExpiredToken", "The security token included in the request is expired");
    }
    return identity;
  }
}
