package io.natsspring.broker.internal.jetstream.stream;

import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The schedules of a stream with {@code allow_msg_schedules}: one active schedule per subject (the last schedule
 * message of the subject, kept alone by its {@code Nats-Rollup: sub}), ordered by due time. One timer is armed for
 * the earliest; when it fires the stream's writer publishes each due schedule's message to its target as
 * {@code nats-server} does: {@code Nats-Schedule*}, {@code Nats-Expected-*}, {@code Nats-Msg-Id}, {@code Nats-TTL}
 * and {@code Nats-Rollup} removed; {@code Nats-Scheduler: <schedule subject>} and {@code Nats-Schedule-Next}
 * ({@code purge} for a one-off, which removes the schedule message, or the next time for {@code @every}) added;
 * {@code Nats-Schedule-TTL} / {@code Nats-Schedule-Rollup} become {@code Nats-TTL} / {@code Nats-Rollup}. The
 * index is rebuilt from the stored messages when the stream starts (restarts and crashes included). Writer thread
 * only, except the timer callback, which only queues work on the writer.
 */
final class MessageSchedules {

    private static final long MIN_DELAY_NANOS = 10_000_000L;
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSX").withZone(ZoneOffset.UTC);

    private record Entry(long due, long seq, String subject) {}

    private static final Comparator<Entry> ORDER =
            Comparator.comparingLong(Entry::due).thenComparingLong(Entry::seq);

    private final Stream stream;
    private final StreamWriter writer;
    private final PublishProcessor processor;
    private final ScheduledExecutorService timers;
    private final Map<String, Entry> bySubject = new HashMap<>();
    private final TreeSet<Entry> byDue = new TreeSet<>(ORDER);
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;
    private boolean stopped;

    MessageSchedules(Stream stream, StreamWriter writer, PublishProcessor processor, ScheduledExecutorService timers) {
        this.stream = stream;
        this.writer = writer;
        this.processor = processor;
        this.timers = timers;
    }

    /** Writer thread (or before it starts): rebuilds the schedules from the stored messages and arms the timer. */
    void rebuild(StreamStore store) {
        bySubject.clear();
        byDue.clear();
        long from = store.state().firstSeq();
        for (StoredMessage m = store.loadNext(null, from); m != null; m = store.loadNext(null, m.seq() + 1)) {
            track(m.seq(), m.subject(), m.headers(), m.timestampNanos());
        }
        arm();
    }

    /** Writer thread: a message was stored; registers, replaces, removes or moves a schedule. */
    void stored(long seq, String subject, byte[] hdr, long ts) {
        track(seq, subject, hdr, ts);
        arm();
    }

    /** Writer thread: the schedule of {@code subject} is gone (its message purged). */
    void removed(String subject) {
        Entry e = bySubject.remove(subject);
        if (e != null) {
            byDue.remove(e);
        }
    }

    /** How many schedules are active. */
    int size() {
        return bySubject.size();
    }

    private void track(long seq, String subject, byte[] hdr, long ts) {
        MessageSchedule.Next next = null;
        try {
            next = MessageSchedule.next(hdr, ts, ApiTime.nowNanos());
        } catch (MessageSchedule.InvalidScheduleException e) {
            // an invalid schedule is never stored; treat as none
        }
        String scheduler = hdr == null ? null : NatsHeaders.get(hdr, MessageSchedule.SCHEDULER);
        if (next != null) {
            put(new Entry(next.nanos(), seq, subject));
        } else if (scheduler == null || scheduler.isEmpty()) {
            removed(subject);
        }
        String nextText = hdr == null ? null : NatsHeaders.get(hdr, MessageSchedule.NEXT);
        if (nextText != null
                && !nextText.isEmpty()
                && !nextText.equals(MessageSchedule.NEXT_PURGE)
                && scheduler != null
                && !scheduler.isEmpty()) {
            Entry e = bySubject.get(scheduler);
            if (e != null) {
                try {
                    Instant at = Instant.parse(nextText);
                    put(new Entry(at.getEpochSecond() * 1_000_000_000L + at.getNano(), e.seq(), scheduler));
                } catch (java.time.format.DateTimeParseException ignored) {
                    // not a time stamp: leave the schedule as it is
                }
            }
        }
    }

    private void put(Entry e) {
        removed(e.subject());
        bySubject.put(e.subject(), e);
        byDue.add(e);
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

    private void arm() {
        if (byDue.isEmpty()) {
            return;
        }
        armAt(byDue.first().due());
    }

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
            fireDue();
            return null;
        });
    }

    /** Writer thread: publishes every due schedule's message, then arms the timer for the next one. */
    void fireDue() {
        StreamStore store = stream.store();
        long now = ApiTime.nowNanos();
        List<Entry> due = new ArrayList<>();
        while (!byDue.isEmpty() && byDue.first().due() <= now) {
            due.add(byDue.pollFirst());
        }
        boolean produced = false;
        for (Entry e : due) {
            StoredMessage m = store.load(e.seq());
            PendingPublish p = m == null ? null : produce(m, e.due());
            if (p != null) {
                processor.processScheduled(p);
                produced = true;
            }
            if (bySubject.get(e.subject()) == e) {
                bySubject.remove(e.subject()); // neither moved on (repeating) nor purged (one-off): drop it
            }
        }
        if (produced) {
            store.flush();
            stream.afterWrites();
            stream.consumerInterest().appended();
        }
        arm();
    }

    /** The message a schedule publishes when it fires at {@code dueNanos}, or {@code null} if it is broken. */
    private PendingPublish produce(StoredMessage m, long dueNanos) {
        byte[] hdr = m.headers();
        String pattern = NatsHeaders.get(hdr, MessageSchedule.PATTERN);
        if (pattern == null || pattern.isEmpty()) {
            return null;
        }
        String tz = NatsHeaders.get(hdr, MessageSchedule.TIME_ZONE);
        MessageSchedule.Next next = MessageSchedule.parse(pattern, tz, dueNanos, ApiTime.nowNanos());
        String ttl = NatsHeaders.get(hdr, MessageSchedule.TTL);
        String target = NatsHeaders.get(hdr, MessageSchedule.TARGET);
        if (next == null || target == null || target.isEmpty()) {
            return null;
        }
        if (ttl != null && !ttl.isEmpty()) {
            try {
                MessageTtl.parse(ttl);
            } catch (MessageTtl.InvalidTtlException e) {
                return null;
            }
        }
        String rollup = NatsHeaders.get(hdr, MessageSchedule.ROLLUP);
        String source = NatsHeaders.get(hdr, MessageSchedule.SOURCE);
        byte[] body = m.payload();
        if (source != null && !source.isEmpty()) {
            StoredMessage src = stream.store().loadLast(source);
            if (src != null) {
                hdr = src.headers();
                body = src.payload();
            }
        }
        byte[] out = HeaderEdits.removePrefix(hdr, "Nats-Schedule");
        out = HeaderEdits.removePrefix(out, "Nats-Expected-");
        out = HeaderEdits.remove(out, NatsHeaders.MSG_ID);
        out = HeaderEdits.remove(out, MessageTtl.TTL);
        out = HeaderEdits.remove(out, NatsHeaders.ROLLUP);
        out = NatsHeaders.append(out, MessageSchedule.SCHEDULER, m.subject());
        out = NatsHeaders.append(
                out, MessageSchedule.NEXT, next.repeat() ? rfc3339Nano(next.nanos()) : MessageSchedule.NEXT_PURGE);
        if (ttl != null && !ttl.isEmpty()) {
            out = NatsHeaders.append(out, MessageTtl.TTL, ttl);
        }
        if (rollup != null && !rollup.isEmpty()) {
            out = NatsHeaders.append(out, NatsHeaders.ROLLUP, rollup);
        }
        return new PendingPublish(target, null, out, body);
    }

    /** Go's {@code time.RFC3339Nano} in UTC: trailing zeros of the fraction dropped. */
    static String rfc3339Nano(long nanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        String s = RFC3339_NANO.format(t);
        int dot = s.indexOf('.');
        int end = s.length() - 1;
        int cut = end;
        while (cut > dot + 1 && s.charAt(cut - 1) == '0') {
            cut--;
        }
        if (cut == dot + 1 && s.charAt(dot + 1) == '0') {
            cut = dot;
        }
        return s.substring(0, cut) + "Z";
    }
}
