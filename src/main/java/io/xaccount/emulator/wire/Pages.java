package io.xaccount.emulator.wire;

import io.xaccount.emulator.model.IamError;
import io.xaccount.emulator.model.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** IAM-style pagination: {@code MaxItems} (1–1000, default 100), opaque {@code Marker}. */
public final class Pages {
  /** One page of results and the marker of the next one (null when not truncated). */
  public record Page<T>(List<T> items, String nextMarker) {
    /** Writes {@code IsTruncated} and, when truncated, {@code Marker}. */
    public void writeTail(Xml x) {
      x.el("IsTruncated", nextMarker != null).el("Marker", nextMarker);
    }
  }

  private Pages() {}

  public static <T> Page<T> of(List<T> all, QueryRequest r) {
    Integer max = r.integer("MaxItems");
    int size = max == null ? 100 : max;
    if (size < 1 || size > 1000) {
      throw Validation.fail(
          "maxItems",
          String.valueOf(size),
          size < 1
              ? "Member must have value greater than or equal to 1"
              : "Member must have value less than or equal to 1000");
    }
    int from = decode(r.get("Marker"));
    int to = Math.min(all.size(), from + size);
    List<T> items = all.subList(Math.min(from, all.size()), to);
    return new Page<>(List.copyOf(items), to < all.size() ? encode(to) : null);
  }

  private static String encode(int offset) {
    return Base64.getEncoder()
        .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decode(String marker) {
    if (marker == null) {
      return 0;
    }
    try {
      String s = new String(Base64.getDecoder().decode(marker), StandardCharsets.UTF_8);
      return Integer.parseInt(s.substring("offset:".length()));
    } catch (RuntimeException e) {
      throw IamError.validation("Invalid Marker.");
    }
  }
}
