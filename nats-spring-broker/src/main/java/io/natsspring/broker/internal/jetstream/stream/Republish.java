package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.routing.SubjectTransform;
import io.natsspring.broker.internal.routing.Subjects;
import tools.jackson.databind.JsonNode;

/**
 * A stream's {@code republish} (ADR-28): after a message is stored, a copy goes to the transformed subject with
 * {@code Nats-Stream}, {@code Nats-Subject}, {@code Nats-Sequence}, {@code Nats-Time-Stamp} and
 * {@code Nats-Last-Sequence} appended to its headers, and, for {@code headers_only}, {@code Nats-Msg-Size} instead
 * of the payload. Immutable; used on the stream's writer thread.
 */
final class Republish {

    private static final byte[] EMPTY = new byte[0];

    private final SubjectTransform transform;
    private final boolean headersOnly;

    private Republish(SubjectTransform transform, boolean headersOnly) {
        this.transform = transform;
        this.headersOnly = headersOnly;
    }

    /** The republish of a configuration, or {@code null} when it has none. */
    static Republish of(StreamConfig c) {
        JsonNode r = c.republish();
        if (r == null) {
            return null;
        }
        JsonNode ho = r.get("headers_only");
        return new Republish(
                ReplicationRules.transform(ReplicationRules.text(r, "src"), ReplicationRules.text(r, "dest")),
                ho != null && ho.asBoolean());
    }

    /** True when a message stored under {@code subject} is republished. */
    boolean applies(String subject) {
        return Subjects.matches(transform.sourcePattern(), subject);
    }

    /** Sends the copy of a stored message; {@code lastSeq} is the previous sequence of the same subject, or 0. */
    void send(
            InternalPublisher publisher,
            String stream,
            String subject,
            byte[] headers,
            byte[] payload,
            long seq,
            long timestampNanos,
            long lastSeq) {
        String target = transform.applyIfMatches(subject);
        if (target == null || !Subjects.isValidPublishSubject(target)) {
            return;
        }
        String ts = ApiTime.format(timestampNanos);
        byte[] h = headersOnly
                ? NatsHeaders.append(
                        headers,
                        "Nats-Stream",
                        stream,
                        "Nats-Subject",
                        subject,
                        "Nats-Sequence",
                        Long.toString(seq),
                        "Nats-Time-Stamp",
                        ts,
                        "Nats-Last-Sequence",
                        Long.toString(lastSeq),
                        "Nats-Msg-Size",
                        Integer.toString(payload.length))
                : NatsHeaders.append(
                        headers,
                        "Nats-Stream",
                        stream,
                        "Nats-Subject",
                        subject,
                        "Nats-Sequence",
                        Long.toString(seq),
                        "Nats-Time-Stamp",
                        ts,
                        "Nats-Last-Sequence",
                        Long.toString(lastSeq));
        publisher.publishNow(target, h, headersOnly ? EMPTY : payload);
    }
}
