package io.natsspring.broker.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hop numbering and the link egress events of {@link MessageTrace}, as nats-server's setHopHeader. */
class MessageTraceHopsTest {

    private final List<Map<String, Object>> sent = new ArrayList<>();

    private MessageTrace trace(int kind, String arrivalHop) {
        Map<String, List<String>> headers = arrivalHop == null
                ? Map.of(TraceHeaders.DEST, List.of("t"))
                : Map.of(TraceHeaders.DEST, List.of("t"), TraceHeaders.HOP, List.of(arrivalHop));
        return MessageTrace.begin(
                new TraceHeaders.Found(headers, false), null, kind, 7, "peer", "A", "foo", 10, (d, e) -> sent.add(e));
    }

    @Test
    void hopsCountFromTheOriginAndExtendTheArrivalHop() {
        MessageTrace origin = trace(MessageTrace.CLIENT, "9");
        assertThat(origin.nextHop()).isEqualTo("1");
        assertThat(origin.nextHop()).isEqualTo("2");
        MessageTrace relay = trace(MessageTrace.LEAF, "1");
        assertThat(relay.nextHop()).isEqualTo("1.1");
        assertThat(relay.nextHop()).isEqualTo("1.2");
    }

    @Test
    void linkEgressKeysInNatsServersOrderAndHopsCounted() {
        MessageTrace t = trace(MessageTrace.CLIENT, null);
        String hop = t.nextHop();
        t.egressLink(MessageTrace.LEAF, 5, "hub", hop, "B", MessageTrace.NO_SUPPORT);
        t.egressLink(MessageTrace.LEAF, 6, "other", t.nextHop(), "A", null);
        t.routed();
        assertThat(sent).hasSize(1);
        Map<String, Object> event = sent.get(0);
        assertThat(event.keySet()).containsExactly("request", "hops", "events");
        assertThat(event.get("hops")).isEqualTo(2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) event.get("events");
        assertThat(events.get(1).keySet()).containsExactly("type", "ts", "kind", "cid", "name", "hop", "acc", "error");
        assertThat(events.get(2)).doesNotContainKeys("acc", "error").containsEntry("hop", "2");
    }
}
