package io.natsspring.broker.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding the trace headers in a header block, as {@code nats-server}'s scan does. */
class TraceHeadersTest {

    private static byte[] block(String... lines) {
        return ("NATS/1.0\r\n"
                        + String.join(
                                "",
                                java.util.Arrays.stream(lines)
                                        .map(l -> l + "\r\n")
                                        .toList()) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noTraceHeaderMeansNoTrace() {
        assertThat(TraceHeaders.scan(block("X: 1", "nats-trace-dest: t"))).isNull();
        assertThat(TraceHeaders.scan(block())).isNull();
        assertThat(TraceHeaders.scan("garbage".getBytes(StandardCharsets.US_ASCII)))
                .isNull();
    }

    @Test
    void destHeaderIsCaseSensitiveAndKeepsEveryHeaderSorted() {
        TraceHeaders.Found f = TraceHeaders.scan(block("Z: 1", "Nats-Trace-Dest:  t.d  ", "A: x", "A: y", "E:"));
        assertThat(f).isNotNull();
        assertThat(f.external()).isFalse();
        assertThat(f.first(TraceHeaders.DEST)).isEqualTo("t.d");
        assertThat(f.headers().keySet()).containsExactly("A", "Nats-Trace-Dest", "Z");
        assertThat(f.headers().get("A")).isEqualTo(List.of("x", "y"));
    }

    @Test
    void disabledDestinationTurnsTracingOff() {
        assertThat(TraceHeaders.scan(block("Nats-Trace-Dest: trace disabled"))).isNull();
    }

    @Test
    void traceparentCountsOnlyWhenSampledInAnyCase() {
        assertThat(TraceHeaders.scan(block("TRACEPARENT: 00-aa-bb-01")).external())
                .isTrue();
        assertThat(TraceHeaders.scan(block("traceparent: 00-aa-bb-03"))).isNotNull();
        assertThat(TraceHeaders.scan(block("traceparent: 00-aa-bb-00"))).isNull();
        assertThat(TraceHeaders.scan(block("traceparent: 00-aa-bb-1"))).isNull();
        assertThat(TraceHeaders.scan(block("traceparent: 00-aa-01"))).isNull();
        // Go parses the flags as a signed byte: 81 does not parse
        assertThat(TraceHeaders.scan(block("traceparent: 00-aa-bb-81"))).isNull();
        assertThat(TraceHeaders.scan(block("traceparent: 00-aa-bb-01", "Nats-Trace-Dest: t"))
                        .external())
                .isFalse();
    }

    @Test
    void setReplacesOrAppends() {
        byte[] h = block("A: 1", "Nats-Trace-Dest: t.d", "B: 2");
        assertThat(new String(TraceHeaders.set(h, TraceHeaders.DEST, TraceHeaders.DISABLED), StandardCharsets.UTF_8))
                .isEqualTo("NATS/1.0\r\nA: 1\r\nNats-Trace-Dest: trace disabled\r\nB: 2\r\n\r\n");
        assertThat(new String(TraceHeaders.set(block("A: 1"), "K", "v"), StandardCharsets.UTF_8))
                .isEqualTo("NATS/1.0\r\nA: 1\r\nK: v\r\n\r\n");
    }
}
