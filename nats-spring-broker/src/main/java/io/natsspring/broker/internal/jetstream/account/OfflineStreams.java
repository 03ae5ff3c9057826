package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams of an account that are offline: failed and being restarted from their store, or failed for good. An
 * offline stream keeps its subjects (no other stream may take them) and answers every publish on them with
 * {@code stream is offline: <reason>} (10194) instead of leaving the publisher with {@code 503 No Responders};
 * its API requests get the same error, {@code /healthz} reports it, and deleting it is allowed.
 */
final class OfflineStreams {

    /**
     * One offline stream: its configuration, why it is offline, since when (epoch nanoseconds), and the stored
     * consumers it can not run that stopped it (name to reason; empty when something else did).
     */
    record Entry(
            StreamConfig config, String reason, long sinceNanos, boolean restarting, Map<String, String> consumers) {}

    private record Held(Entry entry, List<InternalSubscription> subscriptions) {}

    private final InternalPublisher publisher;
    private final ConcurrentHashMap<String, Held> streams = new ConcurrentHashMap<>();

    OfflineStreams(InternalPublisher publisher) {
        this.publisher = publisher;
    }

    /** Takes {@code config}'s stream offline (replacing an earlier entry for it) and answers on its subjects. */
    void add(StreamConfig config, String reason, long sinceNanos, boolean restarting) {
        add(new Entry(config, reason, sinceNanos, restarting, Map.of()), true);
    }

    /**
     * Takes {@code config}'s stream offline because of stored consumers it can not run; as {@code nats-server}'s
     * stopped stream, its subjects stay reserved but publishes on them are not answered.
     */
    void addStopped(StreamConfig config, String reason, long sinceNanos, Map<String, String> consumers) {
        add(new Entry(config, reason, sinceNanos, false, Map.copyOf(consumers)), false);
    }

    private void add(Entry e, boolean answerPublishes) {
        StreamConfig config = e.config();
        String reason = e.reason();
        ObjectNode ack = ApiJson.object();
        ApiJson.putError(ack, JsApiError.STREAM_OFFLINE_REASON.with(reason));
        ack.put("stream", config.name());
        ack.put("seq", 0);
        byte[] answer = ApiJson.bytes(ack);
        List<InternalSubscription> subs = new ArrayList<>();
        for (String subject : answerPublishes ? config.subjects() : List.<String>of()) {
            InternalSubscription s = new InternalSubscription(subject, null, (m, batch) -> refuse(m, batch, answer));
            subs.add(s);
        }
        Held old = streams.put(config.name(), new Held(e, subs));
        for (InternalSubscription s : subs) {
            publisher.router().subscribe(s);
        }
        if (old != null) {
            unsubscribe(old);
        }
    }

    private boolean refuse(InboundMessage m, FlushBatch batch, byte[] answer) {
        if (m.hasReply()) {
            publisher.publish(m.reply(), null, answer, batch);
        }
        return true;
    }

    /** Brings the stream back (or forgets it when deleted); {@code false} when it was not offline. */
    boolean remove(String name) {
        Held h = streams.remove(name);
        if (h == null) {
            return false;
        }
        unsubscribe(h);
        return true;
    }

    private void unsubscribe(Held h) {
        for (InternalSubscription s : h.subscriptions()) {
            s.close();
            publisher.router().unsubscribe(s);
        }
    }

    /** The offline stream with this name, or {@code null}. */
    Entry get(String name) {
        Held h = streams.get(name);
        return h == null ? null : h.entry();
    }

    /** Every offline stream, by name. */
    Map<String, Entry> all() {
        Map<String, Entry> out = new LinkedHashMap<>();
        streams.keySet().stream().sorted().forEach(n -> {
            Held h = streams.get(n);
            if (h != null) {
                out.put(n, h.entry());
            }
        });
        return out;
    }

    /** Subjects of the offline streams other than {@code except}. */
    List<String> subjects(String except) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Held> e : streams.entrySet()) {
            if (!e.getKey().equals(except)) {
                out.addAll(e.getValue().entry().config().subjects());
            }
        }
        return out;
    }

    /** Stops answering for every offline stream. */
    void close() {
        for (String name : List.copyOf(streams.keySet())) {
            remove(name);
        }
    }
}
