package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamStore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Expiry of a stream with {@code allow_msg_ttl}: per-message TTLs ({@link TtlSchedule}), the stream's max age
 * (messages marked {@code Nats-TTL: never} are kept past it) and, with {@code subject_delete_marker_ttl}, the
 * marker left when the last message of a subject expires ({@code Nats-Marker-Reason: MaxAge}, rolling up the
 * subject). One timer is armed for the earliest due time; the work runs on the stream's writer. The TTL index is
 * rebuilt from the stored headers when the stream starts, so expiry survives restarts and crashes.
 */
final class MessageExpiry {

    private static final long MIN_DELAY_NANOS = 1_000_000L;

    private final Stream stream;
    private final StreamWriter writer;
    private final PublishProcessor processor;
    private final ScheduledExecutorService timers;
    private final TtlSchedule ttls = new TtlSchedule();
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean stopped;

    MessageExpiry(Stream stream, StreamWriter writer, PublishProcessor processor, ScheduledExecutorService timers) {
        this.stream = stream;
        this.writer = writer;
        this.processor = processor;
        this.timers = timers;
    }

    /** Writer thread (or before the writer starts): reloads the TTLs of the stored messages and arms the timer. */
    void rebuild(StreamStore store) {
        ttls.clear();
        long from = store.state().firstSeq();
        for (StoredMessage m = store.loadNext(null, from); m != null; m = store.loadNext(null, m.seq() + 1)) {
            if (m.headers() != null) {
                long ttl = MessageTtl.ofStored(m.headers());
                if (ttl > 0) {
                    ttls.add(m.seq(), m.timestampNanos() + ttl * 1_000_000_000L);
                }
            }
        }
        armAt(ApiTime.nowNanos());
    }

    /** Writer thread: a message with {@code ttlSeconds} (> 0) was stored. */
    void stored(long seq, long timestampNanos, long ttlSeconds) {
        long at = timestampNanos + ttlSeconds * 1_000_000_000L;
        ttls.add(seq, at);
        if (at < timerAt) {
            armAt(at);
        }
    }

    /** Writer thread: arms the timer for the next max-age check after a config change. */
    void configChanged() {
        armAt(ApiTime.nowNanos());
    }

    void stop() {
        synchronized (this) {
            stopped = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    /** Arms (or moves forward) the one timer. */
    private synchronized void armAt(long atNanos) {
        if (stopped) {
            return;
        }
        if (timer != null) {
            if (atNanos >= timerAt) {
                return;
            }
            timer.cancel(false);
        }
        timerAt = atNanos;
        long delay = Math.max(MIN_DELAY_NANOS, atNanos - ApiTime.nowNanos());
        timer = timers.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        synchronized (this) {
            timer = null;
            timerAt = Long.MAX_VALUE;
        }
        writer.submit(() -> {
            expireNow();
            return null;
        });
    }

    /** Writer thread: removes (or marks) what is due and arms the timer for the next due time. */
    void expireNow() {
        StreamConfig c = stream.config();
        StreamStore store = stream.store();
        long now = ApiTime.nowNanos();
        boolean appended = false;
        long next = Long.MAX_VALUE;
        long maxAge = c.maxAgeNanos();
        if (maxAge > 0) {
            long cutoff = now - maxAge;
            StoredMessage m = store.loadNext(null, store.state().firstSeq());
            while (m != null && m.timestampNanos() <= cutoff) {
                if (MessageTtl.ofStored(m.headers()) != MessageTtl.NEVER) {
                    appended |= expire(c, store, m);
                }
                m = store.loadNext(null, m.seq() + 1);
            }
            next = m == null ? now + maxAge : m.timestampNanos() + maxAge;
        }
        for (long seq : ttls.takeDue(now)) {
            StoredMessage m = store.load(seq);
            if (m != null) {
                appended |= expire(c, store, m);
            }
        }
        if (ttls.size() > 1024 && ttls.size() > 2 * store.state().msgs()) {
            ttls.compact(s -> store.load(s) != null);
        }
        if (appended) {
            store.flush();
            stream.consumerInterest().appended();
        }
        next = Math.min(next, ttls.nextExpiry());
        if (next != Long.MAX_VALUE) {
            armAt(next);
        }
    }

    /** Removes one expired message, or replaces the last one of its subject by a marker; true if one was stored. */
    private boolean expire(StreamConfig c, StreamStore store, StoredMessage m) {
        long markerTtl = c.subjectDeleteMarkerTtlNanos();
        if (markerTtl > 0 && !MessageTtl.isMarker(m.headers()) && store.count(m.subject()) == 1) {
            processor.process(new PendingPublish(m.subject(), null, MessageTtl.markerHeaders(markerTtl), new byte[0]));
            if (store.load(m.seq()) != null) {
                store.delete(m.seq(), false);
            }
            return true;
        }
        store.delete(m.seq(), false);
        return false;
    }
}
