package io.xaccount.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** kubectl's protobuf bodies, read as JSON: bytes as kubectl 1.32 sent them (-v=8). */
class ProtobufBodiesTest {
  private final ProtobufBodies bodies = new ProtobufBodies(new ObjectMapper());

  @Test
  void readsTheNamespaceOfKubectlCreateNamespace() {
    byte[] body =
        HexFormat.of()
            .parseHex(
                "6b3873000a0f0a02763112094e616d657370616365121c0a140a04666f6f3412001a0022002a00"
                    + "320038004200120"
                    + "01a020a001a002200");

    ObjectNode namespace = bodies.read(body).orElseThrow();

    assertThat(namespace.path("kind").asText()).isEqualTo("Namespace");
    assertThat(namespace.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(namespace.path("metadata").path("name").asText()).isEqualTo("foo4");
  }

  @Test
  void readsASecretWithDataStringDataLabelsAndType() {
    // metadata {name: s1, namespace: foo, labels {team: a}}, data {k: "v"}, type Opaque,
    // stringData {s: "t"}
    byte[] secret =
        concat(
            field(
                1,
                concat(
                    field(1, "s1".getBytes()),
                    field(3, "foo".getBytes()),
                    field(11, concat(field(1, "team".getBytes()), field(2, "a".getBytes()))))),
            field(2, concat(field(1, "k".getBytes()), field(2, "v".getBytes()))),
            field(3, "Opaque".getBytes()),
            field(4, concat(field(1, "s".getBytes()), field(2, "t".getBytes()))));
    byte[] body =
        concat(
            new byte[] {'k', '8', 's', 0},
            field(1, concat(field(1, "v1".getBytes()), field(2, "Secret".getBytes()))),
            field(2, secret),
            field(3, new byte[0]),
            field(4, new byte[0]));

    ObjectNode json = bodies.read(body).orElseThrow();

    assertThat(json.path("metadata").path("name").asText()).isEqualTo("s1");
    assertThat(json.path("metadata").path("namespace").asText()).isEqualTo("foo");
    assertThat(json.path("metadata").path("labels").path("team").asText()).isEqualTo("a");
    assertThat(json.path("data").path("k").asText()).isEqualTo("dg=="); // base64 of "v"
    assertThat(json.path("stringData").path("s").asText()).isEqualTo("t");
    assertThat(json.path("type").asText()).isEqualTo("Opaque");
  }

  @Test
  void leavesAnythingElseToTheCaller() {
    assertThat(bodies.read("{}".getBytes())).isEmpty();
    byte[] pod =
        concat(
            new byte[] {'k', '8', 's', 0},
            field(1, concat(field(1, "v1".getBytes()), field(2, "Pod".getBytes()))),
            field(2, new byte[0]));
    assertThat(bodies.read(pod)).isEmpty();
  }

  /** A length-delimited field (wire type 2); lengths here stay below 128. */
  private static byte[] field(int number, byte[] value) {
    return concat(new byte[] {(byte) (number << 3 | 2), (byte) value.length}, value);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
