package io.natsspring.broker.internal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sampling decisions as {@code nats-server}'s {@code shouldSample}, header keys in Go's canonical MIME form. */
class LatencySamplingTest {

    private static final AccountSpec.Latency HEADERS = new AccountSpec.Latency(0, true, "lat");

    private static byte[] block(String... lines) {
        return ("NATS/1.0\r\n" + String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void percentagesAndNoHeaders() {
        assertThat(LatencySampling.sample(null, null)).isNull();
        assertThat(LatencySampling.sample(new AccountSpec.Latency(100, false, "lat"), null))
                .isEmpty();
        assertThat(LatencySampling.sample(HEADERS, null)).isNull();
        assertThat(LatencySampling.sample(HEADERS, block("Foo: bar"))).isNull();
    }

    @Test
    void jaegerSampledFlagAndContext() {
        assertThat(LatencySampling.sample(
                        HEADERS,
                        block(
                                "uber-trace-id: 479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:1",
                                "uberctx-user: x",
                                "Other: y")))
                .isEqualTo(Map.of(
                        "Uber-Trace-Id", List.of("479fefe9525eddb:5adb976bfc1f95c1:479fefe9525eddb:1"),
                        "Uberctx-User", List.of("x")));
        assertThat(LatencySampling.sample(HEADERS, block("Uber-Trace-Id: a:b:c:0")))
                .isNull();
    }

    @Test
    void zipkinAndW3c() {
        assertThat(LatencySampling.sample(HEADERS, block("X-B3-Sampled: 0", "X-B3-TraceId: 1")))
                .isNull();
        assertThat(LatencySampling.sample(HEADERS, block("X-B3-TraceId: 80f1", "X-B3-SpanId: e457")))
                .isEqualTo(Map.of("X-B3-Traceid", List.of("80f1"), "X-B3-Spanid", List.of("e457")));
        assertThat(LatencySampling.sample(HEADERS, block("B3: 80f1-e457-1-05e3")))
                .containsKey("B3");
        assertThat(LatencySampling.sample(HEADERS, block("B3: 80f1-e457-0"))).isNull();
        assertThat(LatencySampling.sample(HEADERS, block("B3: 0"))).isNull();
        assertThat(LatencySampling.sample(
                        HEADERS, block("traceparent: 00-4bf92f3577b34da6-00f067aa0ba902b7-01", "tracestate: a=b")))
                .isEqualTo(Map.of(
                        "Traceparent", List.of("00-4bf92f3577b34da6-00f067aa0ba902b7-01"),
                        "Tracestate", List.of("a=b")));
        assertThat(LatencySampling.sample(HEADERS, block("Traceparent: 00-4bf9-00f0-00")))
                .isNull();
    }

    @Test
    void serverHashIsEightBase62Digits() {
        assertThat(ServerIdentity.hash("NABC")).hasSize(8).matches("[0-9A-Za-z]{8}");
        assertThat(ServerIdentity.hash("NABC")).isEqualTo(ServerIdentity.hash("NABC"));
    }
}
