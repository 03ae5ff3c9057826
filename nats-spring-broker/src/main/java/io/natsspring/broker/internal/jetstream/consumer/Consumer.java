package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import io.natsspring.broker.internal.routing.Subjects;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamState;
import io.natsspring.broker.internal.store.StreamStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One consumer of a stream: its cursor and delivery, to pull requests ({@link PullRequests}) or to a push subject
 * ({@link PushFlow}), redeliveries first; what waits for an ack and what acks do is {@link AckState}. Every method except {@link #signal()},
 * {@link #name()} and {@link #config()} runs on its stream's consumer thread ({@link StreamConsumers}), so the
 * state needs no locks; the store is only read here (removals go through the stream's writer).
 */
final class Consumer {

    private static final int MAX_PER_RUN = 256;

    private final StreamConsumers host;
    private final String name;
    private final long createdNanos;
    private final AckState acks;
    private final PullRequests pulls;
    private final PushFlow push;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final FlushBatch batch = new FlushBatch();
    private final ConsumerJournal.Source stateSource = new ConsumerJournal.Source() {
        @Override
        public int encodedSize() {
            return acks.encodedSize();
        }

        @Override
        public void encode(java.nio.ByteBuffer b) {
            acks.encode(b, nextConsumerSeq - 1, deliveredStreamSeq);
        }

        @Override
        public ConsumerStateFile.State state() {
            return Consumer.this.state();
        }
    };
    private final ConsumerPause pause;
    private final PinnedClient pin;
    private volatile ConsumerConfig config;
    private volatile List<String> filters;
    private String ackPrefix;

    private long nextStreamSeq;
    private long deliveredStreamSeq;
    private long nextConsumerSeq = 1;
    private long lastDeliveredWall;
    private long[] lastPerSubject;
    private int lastPerSubjectIndex;
    private long lastPerSubjectStop;
    private long replayPrevTimestamp;
    private long replayPrevSentAt;
    private long notBefore;
    private long lastActivity = System.nanoTime();
    private ScheduledFuture<?> wakeup;
    private long wakeupAt;
    private boolean dirty;
    private boolean closed;

    Consumer(StreamConsumers host, String name, ConsumerConfig config, long createdNanos) {
        this.host = host;
        this.name = name;
        this.createdNanos = createdNanos;
        this.config = config;
        this.filters = config.filters();
        this.pause = new ConsumerPause(host, this);
        this.pin = new PinnedClient(host, this);
        this.ackPrefix = "$JS.ACK." + host.streamName() + "." + name + ".";
        this.acks = new AckState(this, host);
        this.pulls = new PullRequests(this, host.publisher());
        this.push = new PushFlow(this, host.publisher());
    }

    public String name() {
        return name;
    }

    public ConsumerConfig config() {
        return config;
    }

    long createdNanos() {
        return createdNanos;
    }

    String streamName() {
        return host.streamName();
    }

    /** Positions a new consumer following its deliver policy. */
    void selectStart() {
        StreamStore store = host.store();
        StreamState st = store.state();
        ConsumerConfig c = config;
        long start = switch (c.deliverPolicy()) {
            case ALL -> Math.max(1, st.firstSeq());
            case NEW -> st.lastSeq() + 1;
            case BY_START_SEQUENCE -> Math.max(c.optStartSeq(), 1);
            case BY_START_TIME -> store.sequenceForTime(c.optStartTimeNanos());
            case LAST -> StartPosition.lastMatching(store, st, filters);
            case LAST_PER_SUBJECT -> {
                lastPerSubject = StartPosition.lastPerSubject(store, filters);
                lastPerSubjectStop = st.lastSeq();
                yield lastPerSubject.length > 0 ? lastPerSubject[0] : st.lastSeq() + 1;
            }
        };
        if (lastPerSubject != null && lastPerSubject.length == 0) {
            lastPerSubject = null;
        }
        nextStreamSeq = start;
        deliveredStreamSeq = start - 1;
        acks.start(start);
    }

    /** Takes over persisted delivery state (a durable consumer after a restart). */
    void restore(ConsumerStateFile.State s) {
        deliveredStreamSeq = s.deliveredStreamSeq();
        nextStreamSeq = s.deliveredStreamSeq() + 1;
        nextConsumerSeq = s.deliveredConsumerSeq() + 1;
        acks.restore(s);
    }

    /** The state to persist. */
    ConsumerStateFile.State state() {
        return acks.state(nextConsumerSeq - 1, deliveredStreamSeq);
    }

    /** This consumer's state as a {@link ConsumerJournal} record source (encoded without building a state). */
    ConsumerJournal.Source stateSource() {
        return stateSource;
    }

    /** Something to persist changed. */
    void markDirty() {
        dirty = true;
    }

    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    /** Applies an allowed configuration change. */
    void update(ConsumerConfig next) {
        ConsumerConfig old = config;
        config = next;
        filters = next.filters();
        pause.changed(old, next);
        if (!java.util.Objects.equals(old.deliverSubject(), next.deliverSubject())) {
            push.rebind();
        }
        deliver();
    }

    /** Asks for a delivery round on the consumer thread; any thread, coalesced. */
    public void signal() {
        if (!closed && signalled.compareAndSet(false, true)) {
            host.execute(() -> {
                signalled.set(false);
                deliver();
            });
        }
    }

    // ---- delivery

    /** Delivers what can be delivered now, in rounds of {@value #MAX_PER_RUN}, then yields the thread. */
    void deliver() {
        if (closed || ConsumerPause.remaining(config) > 0) {
            return;
        }
        int sent = 0;
        boolean more = false;
        boolean exhausted = false;
        while (true) {
            if (sent >= MAX_PER_RUN) {
                more = true;
                break;
            }
            String target = target();
            if (target == null) {
                break;
            }
            long now = System.nanoTime();
            if (notBefore != 0 && now - notBefore < 0) {
                scheduleWakeup(notBefore - now);
                break;
            }
            long redelivery = acks.nextRedelivery();
            StoredMessage m;
            long count;
            if (redelivery != 0) {
                if (acks.exceedsMaxDeliver(redelivery)) {
                    continue;
                }
                m = host.store().load(redelivery);
                if (m == null) {
                    acks.vanished(redelivery);
                    continue;
                }
                count = acks.deliveryCount(redelivery) + 1;
            } else {
                if (acks.full()) {
                    if (config.ackPolicy() == AckPolicy.FLOW_CONTROL && config.isPush()) {
                        // the answer to a flow-control request is what acknowledges: ask for one now
                        push.requestFlowControl();
                    }
                    // as nats-server: a one-shot (no_wait) request is not ended by the max_ack_pending limit
                    break;
                }
                m = nextNew();
                if (m == null) {
                    exhausted = true;
                    break;
                }
                if (config.replayPolicy() == ReplayPolicy.ORIGINAL && replayPrevTimestamp != 0) {
                    long due = replayPrevSentAt + (m.timestampNanos() - replayPrevTimestamp);
                    if (due - now > 0) {
                        scheduleWakeup(due - now);
                        break;
                    }
                }
                count = 1;
            }
            int outcome = send(target, m, count, redelivery == 0);
            if (outcome < 0) {
                continue;
            }
            if (outcome == 0) {
                break;
            }
            sent++;
        }
        batch.flushAll();
        if (exhausted && !config.isPush()) {
            pulls.nothingMoreNow();
        }
        if (more) {
            signal();
        }
    }

    /** Where the next message would go now, or {@code null} if nowhere. */
    private String target() {
        if (config.isPush()) {
            return push.canDeliver() ? config.deliverSubject() : null;
        }
        PullRequest r = pulls.head();
        return r == null ? null : r.reply;
    }

    private StoredMessage nextNew() {
        StreamStore store = host.store();
        if (lastPerSubject != null) {
            while (lastPerSubjectIndex < lastPerSubject.length) {
                StoredMessage m = store.load(lastPerSubject[lastPerSubjectIndex]);
                if (m != null) {
                    return m;
                }
                lastPerSubjectIndex++;
            }
            lastPerSubject = null;
            nextStreamSeq = Math.max(nextStreamSeq, lastPerSubjectStop + 1);
        }
        return filters.isEmpty()
                ? store.loadNext(null, nextStreamSeq)
                : filters.size() == 1
                        ? store.loadNext(filters.get(0), nextStreamSeq)
                        : store.loadNextAny(filters, nextStreamSeq);
    }

    /**
     * Sends one message to {@code target}. Returns 1 when delivered, 0 when the target can not take it (stop),
     * -1 when the target was dropped and another may be tried.
     */
    private int send(String target, StoredMessage m, long count, boolean fresh) {
        ConsumerConfig c = config;
        byte[] headers = m.headers() != null && m.headers().length > 0 ? m.headers() : null;
        byte[] payload = m.payload();
        if (c.headersOnly()) {
            headers = NatsHeaders.append(headers, "Nats-Msg-Size", Integer.toString(payload.length));
            payload = new byte[0];
        }
        long dseq = nextConsumerSeq;
        long remaining = numPendingAfter(fresh ? m.seq() : 0);
        String reply = ackPrefix + count + "." + m.seq() + "." + dseq + "." + m.timestampNanos() + "." + remaining;
        // as nats-server counts it against a pull request's max_bytes: subject, ack reply, headers and payload
        int size = m.subject().length() + reply.length() + (headers == null ? 0 : headers.length) + payload.length;
        if (!c.isPush()) {
            PullRequest r = pulls.select(size, remaining + 1);
            if (r == null) {
                return 0;
            }
            target = r.reply;
            if (c.policy() == PriorityPolicy.PINNED_CLIENT) {
                headers = NatsHeaders.append(headers, "Nats-Pin-Id", pin.id() == null ? "" : pin.id());
                size = m.subject().length() + reply.length() + headers.length + payload.length;
            }
        }
        InternalPublisher publisher = host.publisher();
        if (publisher.deliver(target, m.subject(), reply, headers, payload, batch) == 0) {
            if (c.isPush()) {
                push.lostInterest();
                return 0;
            }
            pulls.dropHead();
            return -1;
        }
        long now = System.nanoTime();
        long wall = ApiTime.nowNanos();
        nextConsumerSeq++;
        lastDeliveredWall = wall;
        lastActivity = now;
        if (fresh) {
            if (lastPerSubject != null) {
                lastPerSubjectIndex++;
            } else {
                nextStreamSeq = m.seq() + 1;
            }
            deliveredStreamSeq = Math.max(deliveredStreamSeq, m.seq());
            replayPrevTimestamp = m.timestampNanos();
            replayPrevSentAt = now;
        }
        acks.delivered(m.seq(), dseq, wall, now, count, fresh);
        if (c.rateLimitBps() > 0) {
            long bits = (long) size * 8;
            notBefore = Math.max(now, notBefore) + bits * 1_000_000_000L / c.rateLimitBps();
        }
        if (c.isPush()) {
            push.delivered(size);
        } else {
            pulls.delivered(size, now);
        }
        dirty = true;
        return 1;
    }

    /** Messages not yet delivered after {@code seq} ({@code 0}: from the cursor). */
    private long numPendingAfter(long seq) {
        StreamStore store = host.store();
        if (lastPerSubject != null) {
            int left = lastPerSubject.length - lastPerSubjectIndex - (seq != 0 ? 1 : 0);
            return Math.max(0, left) + store.numPendingAny(filters, lastPerSubjectStop + 1);
        }
        return store.numPendingAny(filters, seq != 0 ? seq + 1 : nextStreamSeq);
    }

    /** {@code num_pending}: messages matching the filters that were not delivered yet. */
    long numPending() {
        return numPendingAfter(0);
    }

    /** Messages that could be delivered now (new ones plus queued redeliveries). */
    /** Whether new messages wait for acknowledgements ({@code max_ack_pending} reached). */
    boolean ackPendingFull() {
        return acks.full();
    }

    long available() {
        return numPending() + acks.redeliveryQueueSize();
    }

    private void scheduleWakeup(long delayNanos) {
        long at = System.nanoTime() + delayNanos;
        if (wakeup != null && !wakeup.isDone() && wakeupAt - at <= 0) {
            return;
        }
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        wakeupAt = at;
        wakeup = host.timers().schedule(this::signal, Math.max(delayNanos, 100_000L), TimeUnit.NANOSECONDS);
    }

    // ---- acknowledgements

    /**
     * Handles a message on this consumer's ack subject: {@code count}, {@code sseq} and {@code dseq} are the delivery
     * count, stream and consumer sequence read from the subject ({@link AckSubject}). Does not start a delivery
     * round: the caller runs {@link #deliver()} once after the acks it handles together.
     */
    void onAck(long count, long sseq, long dseq, String reply, byte[] payload) {
        if (config.ackPolicy() == AckPolicy.FLOW_CONTROL) {
            // acknowledged by flow-control answers only; nats-server does not even listen on the ack subject
            return;
        }
        if (isPlainAck(payload)) {
            lastActivity = System.nanoTime();
            acks.ack(sseq, dseq);
            if (reply != null) {
                host.confirmAck(this, reply);
            }
            return;
        }
        String body = new String(payload, StandardCharsets.UTF_8);
        String trimmed = body.trim();
        lastActivity = System.nanoTime();
        boolean confirm = reply != null;
        if (trimmed.isEmpty() || trimmed.startsWith("+ACK") || trimmed.equals("+OK")) {
            acks.ack(sseq, dseq);
        } else if (trimmed.startsWith("-NAK")) {
            acks.nak(sseq, dseq, count, trimmed.substring(4).trim());
        } else if (trimmed.startsWith("+WPI")) {
            acks.progress(sseq);
        } else if (trimmed.startsWith("+NXT")) {
            acks.ack(sseq, dseq);
            confirm = false;
            if (reply != null) {
                String rest = trimmed.substring(4).trim();
                pulls.request(reply, rest.getBytes(StandardCharsets.UTF_8));
            }
        } else if (trimmed.startsWith("+TERM")) {
            acks.term(sseq, dseq, count, trimmed.substring(5).trim());
        } else {
            confirm = false;
        }
        if (confirm) {
            host.confirmAck(this, reply);
        }
    }

    /** An empty body or exactly {@code +ACK}: the common ack, told apart without decoding the body. */
    private static boolean isPlainAck(byte[] payload) {
        return payload.length == 0
                || (payload.length == 4
                        && payload[0] == '+'
                        && payload[1] == 'A'
                        && payload[2] == 'C'
                        && payload[3] == 'K');
    }

    /** Whether this consumer no longer needs {@code seq} on {@code subject} (interest retention). */
    boolean isDone(long seq, String subject) {
        if (!wants(subject)) {
            return true;
        }
        if (seq > deliveredStreamSeq) {
            return false;
        }
        return config.ackPolicy() == AckPolicy.NONE || !acks.contains(seq);
    }

    /** True when the filters take {@code subject}. */
    boolean wants(String subject) {
        if (filters.isEmpty()) {
            return true;
        }
        for (String f : filters) {
            if (Subjects.matches(f, subject)) {
                return true;
            }
        }
        return false;
    }

    List<String> filters() {
        return filters;
    }

    // ---- periodic work

    /**
     * Timer round: redelivery deadlines, pull request expiry and heartbeats, push interest and heartbeats.
     * Returns {@code true} when the consumer has been inactive past its threshold and should be deleted.
     */
    boolean tick(long now) {
        if (closed) {
            return false;
        }
        boolean wake = acks.expire(now);
        wake |= pin.tick(now);
        if (config.isPush()) {
            wake |= push.tick(now);
        } else {
            pulls.tick(now);
        }
        if (wake) {
            deliver();
        }
        long threshold = config.inactiveThresholdNanos();
        if (threshold <= 0) {
            return false;
        }
        if (config.isPush()) {
            return push.unboundFor(now) >= threshold;
        }
        return pulls.isEmpty() && now - lastActivity >= threshold;
    }

    /**
     * The stream removed messages: pending deliveries of vanished messages are forgotten, those of {@code seqs}
     * or, when it is empty (not listed), all that the store no longer has.
     */
    void streamRemovedMessages(long[] seqs) {
        StreamStore store = host.store();
        if (seqs.length == 0) {
            acks.dropMissing(store);
        } else {
            acks.dropRemoved(seqs);
        }
        long first = store.state().firstSeq();
        if (lastPerSubject == null && nextStreamSeq < first) {
            nextStreamSeq = first;
            deliveredStreamSeq = Math.max(deliveredStreamSeq, first - 1);
            acks.recomputeFloors();
        }
        deliver();
    }

    void onFlowControlReply(String subject, byte[] headers) {
        if (!push.flowControlReply(subject)) {
            return;
        }
        if (config.ackPolicy() == AckPolicy.FLOW_CONTROL) {
            long[] at = FlowControlAcks.acknowledged(headers);
            if (at != null) {
                lastActivity = System.nanoTime();
                acks.ack(at[0], at[1]);
            }
        }
        deliver();
    }

    void onPullRequest(String reply, byte[] body) {
        lastActivity = System.nanoTime();
        if (config.isPush()) {
            host.publisher().publishNow(reply, StatusMessages.plain(409, "Consumer is push based"), new byte[0]);
            return;
        }
        pulls.request(reply, body);
        deliver();
    }

    /** Stops for good; pull requests waiting get {@code 409 Consumer Deleted} when {@code deleted}. */
    void close(boolean deleted) {
        closed = true;
        pause.cancel();
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        if (deleted) {
            pulls.consumerDeleted();
        }
    }

    /**
     * {@code $JS.API.CONSUMER.RESET} (2.14): moves the cursor to stream sequence {@code seq} ({@code 0}: just past
     * the ack floor), forgets what was pending and restarts the consumer sequence at 1. Like {@code nats-server} a
     * sequence is refused below the configured start and for other deliver policies than all/by-sequence/by-time.
     *
     * @return the sequence the consumer now starts from
     */
    long reset(long seq) {
        long to = resetWithoutDelivery(seq);
        deliver();
        return to;
    }

    /**
     * {@link #reset(long)} without delivering yet, so the caller can describe the consumer as the reset left it
     * (nats-server's reset answer shows the ack floor as delivered, before any new delivery).
     */
    long resetWithoutDelivery(long seq) {
        ConsumerConfig c = config;
        long to = seq;
        if (to == 0) {
            to = acks.floorStream() + 1;
        } else {
            switch (c.deliverPolicy()) {
                case ALL -> {}
                case BY_START_SEQUENCE -> {
                    if (to < c.optStartSeq()) {
                        throw JsApiError.CONSUMER_INVALID_RESET.exception("below start seq");
                    }
                }
                case BY_START_TIME -> {
                    if (to < host.store().sequenceForTime(c.optStartTimeNanos())) {
                        throw JsApiError.CONSUMER_INVALID_RESET.exception("below start time");
                    }
                }
                default -> throw JsApiError.CONSUMER_INVALID_RESET.exception("not allowed");
            }
        }
        to = Math.max(1, to);
        acks.reset(to);
        if (c.isPush()) {
            push.forgetFlowControl();
        }
        lastPerSubject = null;
        nextStreamSeq = to;
        deliveredStreamSeq = to - 1;
        nextConsumerSeq = 1;
        lastDeliveredWall = 0;
        replayPrevTimestamp = 0;
        dirty = true;
        host.persistNow(this);
        return to;
    }

    /** The pin of a {@code pinned_client} consumer. */
    PinnedClient pin() {
        return pin;
    }

    /** Messages delivered and not yet acknowledged. */
    int ackPending() {
        return acks.size();
    }

    /**
     * {@code $JS.API.CONSUMER.UNPIN}: forgets the pin (if any) and announces it with reason {@code admin} for
     * {@code group}, then lets the next request be pinned.
     */
    void unpin(String group) {
        pin.unpin(group, "admin");
        deliver();
    }

    /** The pause state of this consumer. */
    ConsumerPause pause() {
        return pause;
    }

    boolean isClosed() {
        return closed;
    }

    long lastDeliveredSeqs(boolean stream) {
        return stream ? deliveredStreamSeq : nextConsumerSeq - 1;
    }

    long nextConsumerSeq() {
        return nextConsumerSeq;
    }

    /** Info numbers, taken on the consumer thread. */
    ConsumerSnapshot snapshot() {
        if (config.isPush()) {
            if (push.refresh(System.nanoTime())) {
                signal();
            }
        } else {
            pulls.prune(System.nanoTime());
        }
        return new ConsumerSnapshot(
                name,
                config,
                createdNanos,
                nextConsumerSeq - 1,
                deliveredStreamSeq,
                lastDeliveredWall,
                acks.floorConsumer(),
                acks.floorStream(),
                acks.lastAckWall(),
                acks.size(),
                acks.redeliveredCount(),
                pulls.size(),
                numPending(),
                config.isPush() && push.isBound(),
                pin.id(),
                pin.pinnedWallNanos());
    }
}
