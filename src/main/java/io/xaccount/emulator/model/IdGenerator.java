package io.xaccount.emulator.model;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** Generates IAM-style unique IDs and key material, never repeating an ID. */
public final class IdGenerator {
  private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private final Random random;
  private final Set<String> issued = new HashSet<>();

  IdGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** A 21-character unique ID such as {@code AROA…}; IAM never reuses one, neither do we. */
  public synchronized String uniqueId(String prefix) {
    return fresh(prefix, 21);
  }

  /** A 20-character access key ID with the given prefix (AKIA long-term, ASIA temporary). */
  public synchronized String accessKeyId(String prefix) {
    return fresh(prefix, 20);
  }

  public synchronized String secret() {
    return draw(SECRET_CHARS, 40);
  }

  public synchronized String sessionToken() {
    return "IQoJb3JpZ2luX2VjE" + draw(SECRET_CHARS, 300);
  }

  private String fresh(String prefix, int length) {
    String id;
    do {
      id = prefix + draw(UPPER_ALNUM, length - prefix.length());
    } while (!issued.add(id));
    return id;
  }

  private String draw(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
