package io.xaccount.operator.iam;

import java.util.List;
import java.util.Objects;

/**
 * A value, or the reasons it could not be made. Each reason names the spec field at fault, e.g.
 * {@code spec.trust.accountIds[1]: "12345" is not a 12-digit AWS account ID}, so the reconciler can
 * put it into an {@code InvalidSpec} condition as it is.
 *
 * @param <T> the value's type
 */
public final class Validated<T> {

  private final T value;
  private final List<String> errors;

  private Validated(T value, List<String> errors) {
    this.value = value;
    this.errors = List.copyOf(errors);
  }

  /** A valid value. */
  public static <T> Validated<T> valid(T value) {
    return new Validated<>(Objects.requireNonNull(value), List.of());
  }

  /** No value, for the given reasons (at least one). */
  public static <T> Validated<T> invalid(List<String> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an invalid result needs a reason");
    }
    return new Validated<>(null, errors);
  }

  /** True when there is a value and no reasons. */
  public boolean isValid() {
    return errors.isEmpty();
  }

  /** The reasons, empty when valid. */
  public List<String> errors() {
    return errors;
  }

  /** The reasons joined into one sentence-per-line message for a status condition. */
  public String message() {
    return String.join("; ", errors);
  }

  /**
   * The value.
   *
   * @throws IllegalStateException when invalid: callers check {@link #isValid()} first
   */
  public T get() {
    if (!isValid()) {
      throw new IllegalStateException("invalid: " + message());
    }
    return value;
  }

  @Override
  public String toString() {
    return isValid() ? "valid(" + value + ")" : "invalid(" + message() + ")";
  }
}
