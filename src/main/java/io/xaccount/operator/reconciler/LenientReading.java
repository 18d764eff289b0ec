package io.xaccount.operator.reconciler;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Keeps one bad object from stopping the operator: the Kubernetes client reads our kinds leniently,
 * skipping a field our classes do not know (a typo, or a CRD newer than the operator) and reading a
 * value of the wrong type as absent, instead of failing the informer's watch, which would stop
 * every resource of that kind. What was skipped is found again, per resource, by {@link
 * SpecProblems}, and reported in its status.
 */
@Singleton
public class LenientReading implements KubernetesClientObjectMapperCustomizer {
  static final String API_PACKAGE = "io.xaccount.operator.api.";

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.addHandler(new Skip());
  }

  /** Skips what our own API classes cannot read; leaves every other class to Jackson's rules. */
  static final class Skip extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      if (!ours(beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass())) {
        return false;
      }
      p.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext ctxt,
        Class<?> targetType,
        String valueToConvert,
        String failureMsg) {
      return readingOurs(ctxt) ? null : NOT_HANDLED;
    }

    @Override
    public Object handleWeirdNumberValue(
        DeserializationContext ctxt,
        Class<?> targetType,
        Number valueToConvert,
        String failureMsg) {
      return readingOurs(ctxt) ? null : NOT_HANDLED;
    }

    @Override
    public Object handleUnexpectedToken(
        DeserializationContext ctxt,
        JavaType targetType,
        com.fasterxml.jackson.core.JsonToken t,
        JsonParser p,
        String failureMsg)
        throws IOException {
      if (!readingOurs(ctxt)) {
        return NOT_HANDLED;
      }
      p.skipChildren();
      return null;
    }

    private static boolean readingOurs(DeserializationContext ctxt) {
      Object current = ctxt.getParser() == null ? null : ctxt.getParser().currentValue();
      return current != null && ours(current.getClass());
    }

    private static boolean ours(Class<?> type) {
      return type.getName().startsWith(API_PACKAGE);
    }
  }
}
