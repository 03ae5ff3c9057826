package io.natsspring.broker.internal.jetstream.replication;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.client.InternalClient;
import io.natsspring.broker.internal.jetstream.base.ApiError;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.base.StreamIdentity;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import io.natsspring.broker.internal.jetstream.stream.ReplicatedMessage;
import io.natsspring.broker.internal.jetstream.stream.ReplicationRules;
import io.natsspring.broker.internal.jetstream.stream.SourcingStatus;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamSource;
import io.natsspring.broker.internal.routing.SubjectTransform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One mirror or source of a stream, as {@code nats-server} runs it: a flow-controlled, heart-beating, direct push
 * consumer on the origin stream, created with a {@code CONSUMER.CREATE} request (through {@code external.api} when
 * set) and delivering to {@code $JS.M.…} / {@code $JS.S.…} (under {@code external.deliver} when set). Messages go to
 * the target's writer in order; a gap in the delivery sequence, a silent origin or a refused message recreates the
 * consumer from the last origin sequence taken. A {@code consumer} named in the configuration (a durable the user
 * created on the origin, 2.14) is not created but reset to its ack floor with {@code CONSUMER.RESET} and bound on its
 * own deliver subject; it must use {@code ack_policy: flow_control} (10214/10217 otherwise) and is never deleted.
 * Thread-safe: messages, API answers and timers arrive on different
 * threads and meet under this object's lock.
 */
final class SourceLink {

    private static final System.Logger LOG = System.getLogger(SourceLink.class.getName());
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long INACTIVE_THRESHOLD_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long ACK_WAIT_NANOS = TimeUnit.HOURS.toNanos(22);
    /** No message nor heartbeat for this long: the consumer is gone (origin deleted, account away). */
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** No answer to a create request for this long: ask again. */
    private static final long SETUP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final byte[] EMPTY = new byte[0];
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final Stream target;
    private final StreamSource spec;
    private final boolean mirror;
    private final String indexName;
    private final InternalPublisher publisher;
    private final ScheduledExecutorService timers;
    private final List<SubjectTransform> transforms = new ArrayList<>();
    /** {@code nats-server}'s stable id of this link's consumer (hash of stream, account and, if needed, index name). */
    private final String stableId;

    private final String account;

    private String consumerName;
    /** API level asked for in {@code Nats-Required-Api-Level}; 0 once the origin refused the sourcing form. */
    private int level;
    /** The origin keeps a durable flow-control-acked consumer for us (ADR-60): never deleted on a retry. */
    private boolean durable;
    /**
     * The origin answered the last create: {@link #consumerName} and {@link #durable} are what it made. Until then a
     * retry deletes nothing by name: the name asked for may be the origin's durable (kept from before a restart).
     */
    private boolean answered;
    /** Last origin sequence the target stored (what flow-control answers and the saved progress report). */
    private volatile long storedSseq;
    /** Bumped whenever a message was refused or the consumer set up again: pending answers then confirm nothing. */
    private long generation;

    private long attempts;
    private InternalSubscription deliverSub;
    private InternalSubscription replySub;
    private long sseq;
    /**
     * Deliveries of a pre-created durable that arrived before its reset was answered (the link subscribes before it
     * asks, so that nothing the durable pushes right after the reset is missed); replayed or dropped by the answer.
     */
    private final java.util.ArrayDeque<Early> early = new java.util.ArrayDeque<>();

    private static final int EARLY_MAX = 1024;
    private static final long EARLY_MAX_BYTES = 8L * 1024 * 1024;
    private long earlyBytes;

    private record Early(String subject, byte[] headers, byte[] payload, AckReply ack) {}
    /** The origin's identity as last seen (2.15, sources only); {@code null} when unknown. */
    private String identity;
    /** The origin answered that it is not the stream {@link #identity} named: start over from its beginning. */
    private boolean recreated;

    private long dseq;
    private long lag;
    private ApiError error;
    private boolean setupInProgress;
    private long setupStartedNanos;
    private boolean retryScheduled;
    private int fails;
    private boolean stopped;
    private ScheduledFuture<?> health;
    private volatile long lastHeardNanos;
    /** How its API requests are described ({@code nats-server}: the target stream's internal JetStream client). */
    private final InternalClient requester;

    SourceLink(
            Stream target,
            StreamSource spec,
            boolean mirror,
            InternalPublisher publisher,
            ScheduledExecutorService timers,
            String account,
            boolean sharedOrigin) {
        this.target = target;
        // nats-server: a mirror's is getHash("<stream> <account>"); a source's hashes that again, with the index
        // name added when the stream has more than one source of the same origin
        String id = StreamSource.hash(target.name() + " " + account);
        if (!mirror) {
            id = StreamSource.hash(sharedOrigin ? id + " " + spec.indexName() : id);
        }
        this.stableId = id;
        this.account = account;
        this.requester = InternalClient.jetStream(account);
        this.spec = spec;
        this.mirror = mirror;
        this.indexName = spec.indexName();
        this.publisher = publisher;
        this.timers = timers;
        for (StreamSource.Transform t : spec.transforms()) {
            transforms.add(ReplicationRules.transform(t.source(), t.destination()));
        }
    }

    String indexName() {
        return indexName;
    }

    /**
     * Starts after origin sequence {@code lastTaken} (0: from the configured start) of the origin whose identity was
     * {@code originIdentity} ({@code null}: unknown).
     */
    synchronized void start(long lastTaken, String originIdentity) {
        sseq = lastTaken;
        storedSseq = lastTaken;
        identity = originIdentity;
        health = timers.scheduleWithFixedDelay(this::checkHealth, 1, 1, TimeUnit.SECONDS);
        target.runAfterQueued(this::setup);
    }

    /**
     * Stops taking messages. An ephemeral consumer on the origin is deleted; a durable one (work-queue or interest
     * origin) only when {@code removeDurable} (the source or its stream is gone), so a restart resumes it.
     */
    synchronized void stop(boolean removeDurable) {
        stopped = true;
        if (health != null) {
            health.cancel(false);
        }
        cancelConsumer(removeDurable);
    }

    /** Where this link stands for the saved progress: last origin sequence stored and the origin's identity. */
    synchronized SourceProgress.Position position() {
        return new SourceProgress.Position(storedSseq, identity);
    }

    synchronized SourcingStatus.Source status() {
        long last = lastHeardNanos;
        return new SourcingStatus.Source(
                spec, lag, mirror ? 0 : sseq, last == 0 ? -1 : Math.max(0, ApiTime.nowNanos() - last), error);
    }

    // ---- consumer setup

    private synchronized void setup() {
        if (stopped) {
            return;
        }
        retryScheduled = false;
        cancelConsumer(false);
        generation++;
        level = mirror ? 4 : 5;
        if (spec.hasConsumer()) {
            // nats-server resets a mirror's durable with no header at all, a source's at API level 5
            level = mirror ? 0 : 5;
            sendReset();
            return;
        }
        sendCreate();
    }

    /**
     * Asks the pre-created durable to go back to its ack floor ({@code CONSUMER.RESET} with no body); the answer is
     * its consumer info. nats-server clears the link's error with each attempt, so an error shows until the next one.
     */
    private void sendReset() {
        closeReplySub();
        consumerName = spec.consumerName();
        if (mirror) {
            sseq = Math.max(sseq, target.state().lastSeq());
        }
        deliverSub = new InternalSubscription(spec.consumerDeliver(), null, this::onMessage);
        String reply = "$JSC.R." + token(22);
        long attempt = ++attempts;
        replySub = new InternalSubscription(reply, null, (m, b) -> {
            onCreateAnswer(attempt, m.headerLength() > 0 ? m.headerBytes() : null, m.payloadBytes());
            return true;
        });
        publisher.router().subscribe(replySub);
        dseq = 0;
        answered = false;
        durable = true;
        error = null;
        setupInProgress = true;
        setupStartedNanos = System.nanoTime();
        byte[] headers = null;
        if (level > 0) {
            headers = NatsHeaders.append(null, ApiLevel.REQUIRED_HEADER, Integer.toString(level));
        }
        if (level > 4) {
            headers = NatsHeaders.append(headers, StreamIdentity.HEADER, identity == null ? "" : identity);
        }
        early.clear();
        earlyBytes = 0;
        // subscribed before the reset is sent: a durable with another subscriber on its deliver subject is active
        // and redelivers the moment it is reset, before the answer reaches us
        publisher.router().subscribe(deliverSub);
        send(api("CONSUMER.RESET." + spec.name() + "." + consumerName), reply, headers, EMPTY);
    }

    /** Sends the create request in the form {@link #level} says (nats-server steps down when refused). */
    private void sendCreate() {
        closeReplySub();
        long startSeq = startSequence();
        String prefix = mirror ? "JS_MIRROR_" : "JS_SRC_";
        consumerName = level > 0 ? prefix + stableId : prefix + stableId + "_" + StreamSource.hash(token(22));
        String deliverPrefix =
                spec.deliverPrefix() != null && !spec.deliverPrefix().isEmpty()
                        ? spec.deliverPrefix() + (mirror ? ".M" : ".S")
                        : mirror ? "$JS.M" : "$JS.S";
        String deliver = deliverPrefix + "." + token(22);
        // Subscribed once the create is answered (as nats-server does): the push consumer waits for interest, so
        // nothing is taken before the answer told the origin's identity.
        deliverSub = new InternalSubscription(deliver, null, this::onMessage);
        String reply = "$JSC.R." + token(22);
        long attempt = ++attempts;
        replySub = new InternalSubscription(reply, null, (m, b) -> {
            onCreateAnswer(attempt, m.headerLength() > 0 ? m.headerBytes() : null, m.payloadBytes());
            return true;
        });
        publisher.router().subscribe(replySub);
        dseq = 0;
        answered = false;
        setupInProgress = true;
        setupStartedNanos = System.nanoTime();
        ObjectNode req = ApiJson.object();
        req.put("stream_name", spec.name());
        ObjectNode cfg = req.putObject("config");
        cfg.put("name", consumerName);
        cfg.put("deliver_subject", deliver);
        if (startSeq > 0) {
            cfg.put("deliver_policy", "by_start_sequence");
            cfg.put("opt_start_seq", startSeq);
        } else if (spec.optStartTime() != null) {
            cfg.put("deliver_policy", "by_start_time");
            cfg.put("opt_start_time", spec.optStartTime());
        } else {
            cfg.put("deliver_policy", "all");
        }
        cfg.put("ack_policy", "none");
        cfg.put("ack_wait", ACK_WAIT_NANOS);
        cfg.put("max_deliver", 1);
        String filter = spec.filterSubject();
        if (!spec.transforms().isEmpty()) {
            if (spec.transforms().size() == 1) {
                filter = orAll(spec.transforms().get(0).source());
            } else {
                ArrayNode fs = cfg.putArray("filter_subjects");
                for (StreamSource.Transform t : spec.transforms()) {
                    fs.add(orAll(t.source()));
                }
            }
        }
        if (!filter.isEmpty()) {
            cfg.put("filter_subject", filter);
        }
        cfg.put("idle_heartbeat", HEARTBEAT_NANOS);
        cfg.put("flow_control", true);
        cfg.put("direct", true);
        if (level > 0) {
            // ADR-60: a work-queue or interest origin makes this a durable flow-control-acked consumer
            cfg.put("sourcing", true);
        }
        cfg.put("inactive_threshold", INACTIVE_THRESHOLD_NANOS);
        ObjectNode md = cfg.putObject("metadata");
        md.put(mirror ? "_nats.mirror.acc" : "_nats.src.acc", account());
        md.put(mirror ? "_nats.mirror.stream" : "_nats.src.stream", target.name());
        byte[] headers = null;
        if (level > 0) {
            headers = NatsHeaders.append(null, ApiLevel.REQUIRED_HEADER, Integer.toString(level));
        }
        // A source names the origin it took from so far: a re-created origin refuses the create (10225). Unlike
        // nats-server this is sent in the older forms too (an origin that does not know the header ignores it).
        if (!mirror && identity != null) {
            headers = NatsHeaders.append(headers, StreamIdentity.HEADER, identity);
        }
        send(api("CONSUMER.CREATE." + spec.name()), reply, headers, ApiJson.bytes(req));
    }

    private String account() {
        return account;
    }

    /** First origin sequence to ask for; 0 for the configured start (or everything). */
    private long startSequence() {
        if (mirror) {
            var st = target.state();
            if (st.lastSeq() == 0 && st.msgs() == 0) {
                return spec.optStartSeq();
            }
            sseq = st.lastSeq();
            return st.lastSeq() + 1;
        }
        if (sseq > 0) {
            return sseq + 1;
        }
        return spec.optStartSeq();
    }

    private synchronized void onCreateAnswer(long attempt, byte[] headers, byte[] body) {
        if (stopped || attempt != attempts) {
            return;
        }
        closeReplySub();
        setupInProgress = false;
        JsonNode answer;
        try {
            answer = ApiJson.parseObject(body);
        } catch (RuntimeException e) {
            answer = null;
        }
        JsonNode err = answer == null ? null : answer.get("error");
        long errCode = err == null ? 0 : ApiJson.number(err, "err_code", 0);
        if (err != null && errCode == JsApiError.CONSUMER_STREAM_IDENTITY_MISMATCH.errCode()) {
            // The origin was deleted and created again: everything it holds is new to us.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Source stream ''{0}'' of stream ''{1}'' was re-created, starting over",
                    spec.name(),
                    target.name());
            sseq = 0;
            storedSseq = 0;
            dseq = 0;
            identity = null;
            recreated = true;
            target.runAfterQueued(this::setup);
            return;
        }
        if (level > 0
                && (errCode == JsApiError.REQUIRED_API_LEVEL.errCode()
                        || errCode == JsApiError.INVALID_JSON.errCode())) {
            // An origin below API level 5 (4, then none): ask again in the older form, as nats-server does.
            level = level > 4 ? 4 : 0;
            setupInProgress = true;
            setupStartedNanos = System.nanoTime();
            dropDeliverSub();
            if (spec.hasConsumer()) {
                sendReset();
            } else {
                sendCreate();
            }
            return;
        }
        JsonNode info = answer == null ? null : answer.get("config");
        if (answer == null || err != null || info == null) {
            error = err == null
                    ? new ApiError(400, 10025, "invalid JSON")
                    : new ApiError(
                            (int) ApiJson.number(err, "code", 500),
                            (int) errCode,
                            err.path("description").asString(""));
            fails++;
            scheduleRetry();
            return;
        }
        if (spec.hasConsumer() && !"flow_control".equals(info.path("ack_policy").asString(""))) {
            // the named durable exists but does not acknowledge by flow control: not used, asked again later
            error = (mirror ? JsApiError.MIRROR_CONSUMER_REQUIRES_ACK_FC : JsApiError.SOURCE_CONSUMER_REQUIRES_ACK_FC)
                    .error();
            dropDeliverSub();
            fails++;
            scheduleRetry();
            return;
        }
        error = null;
        fails = 0;
        answered = true;
        lastHeardNanos = ApiTime.nowNanos();
        String answeredName = answer.path("name").asString("");
        if (!answeredName.isEmpty()) {
            consumerName = answeredName;
        }
        durable = spec.hasConsumer()
                || "flow_control".equals(info.path("ack_policy").asString(""));
        if (spec.hasConsumer()) {
            // Only the durable's ack floor is known to be stored here (flow-control answers acknowledge it). Its
            // "delivered" may already count a message that went to another subscriber of the deliver subject before
            // this link subscribed; such a message comes again with the next reset, which a gap triggers.
            long ackFloor = answer.path("ack_floor").path("stream_seq").asLong(0);
            sseq = Math.max(Math.max(sseq, ackFloor), mirror ? target.state().lastSeq() : 0);
        }
        if (!mirror) {
            String answered = headers == null ? null : NatsHeaders.get(headers, StreamIdentity.HEADER);
            boolean changed = answered != null && identity != null && !answered.equals(identity);
            if (recreated || changed) {
                sseq = 0;
                storedSseq = 0;
            }
            identity = answered == null || answered.isEmpty() ? null : answered;
            recreated = false;
            // what the origin's consumer counts as delivered (a durable: its ack floor after the reset) is taken
            long delivered = answer.path("delivered").path("stream_seq").asLong(0);
            if (sseq < delivered && !spec.hasConsumer()) {
                sseq = delivered;
            }
        }
        if (spec.hasConsumer()) {
            replayEarly();
        } else if (deliverSub != null) {
            publisher.router().subscribe(deliverSub);
        }
    }

    /**
     * Takes the deliveries that came before the reset's answer, from the last one with delivery sequence 1 on (the
     * durable counts again from 1 after a reset; what came before it was in flight from before the reset).
     */
    private void replayEarly() {
        java.util.List<Early> batch = new java.util.ArrayList<>(early);
        early.clear();
        earlyBytes = 0;
        int from = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).ack().deliverSeq() == 1) {
                from = i;
            }
        }
        for (int i = from; i < batch.size(); i++) {
            Early e = batch.get(i);
            take(e.subject(), e.headers(), e.payload(), e.ack());
        }
    }

    private void dropDeliverSub() {
        early.clear();
        earlyBytes = 0;
        if (deliverSub != null) {
            deliverSub.close();
            publisher.router().unsubscribe(deliverSub);
            deliverSub = null;
        }
    }

    private void scheduleRetry() {
        if (stopped || retryScheduled) {
            return;
        }
        retryScheduled = true;
        long delay = Math.min(MAX_BACKOFF_MILLIS, 100L * (1L << Math.min(6, Math.max(0, fails))))
                + ThreadLocalRandom.current().nextLong(100);
        timers.schedule(() -> target.runAfterQueued(this::setup), delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void checkHealth() {
        if (stopped || retryScheduled) {
            return;
        }
        if (setupInProgress) {
            if (System.nanoTime() - setupStartedNanos > SETUP_TIMEOUT_NANOS) {
                fails++;
                scheduleRetry();
            }
            return;
        }
        if (deliverSub != null && ApiTime.nowNanos() - lastHeardNanos > STALE_NANOS) {
            scheduleRetry();
        }
    }

    private void cancelConsumer(boolean removeDurable) {
        closeReplySub();
        if (deliverSub != null) {
            deliverSub.close();
            publisher.router().unsubscribe(deliverSub);
            deliverSub = null;
            if (spec.hasConsumer()) {
                // the user's durable: never deleted by the link
                return;
            }
            if (removeDurable || (!durable && (answered || level == 0))) {
                send(api("CONSUMER.DELETE." + spec.name() + "." + consumerName), "$JSC.R." + token(22), null, EMPTY);
            }
        } else if (durable && removeDurable && consumerName != null && !spec.hasConsumer()) {
            send(api("CONSUMER.DELETE." + spec.name() + "." + consumerName), "$JSC.R." + token(22), null, EMPTY);
        }
    }

    private void closeReplySub() {
        if (replySub != null) {
            replySub.close();
            publisher.router().unsubscribe(replySub);
            replySub = null;
        }
    }

    private void send(String subject, String reply, byte[] headers, byte[] body) {
        FlushBatch batch = new FlushBatch();
        requester.run(() -> publisher.publish(subject, reply, headers, body, batch));
        batch.flushAll();
    }

    private String api(String rest) {
        String prefix = spec.isExternal() && !spec.apiPrefix().isEmpty() ? spec.apiPrefix() : "$JS.API";
        return (prefix + "." + rest).replace("..", ".");
    }

    // ---- messages

    private boolean onMessage(InboundMessage m, FlushBatch batch) {
        byte[] headers = m.headerLength() > 0 ? m.headerBytes() : null;
        String reply = m.reply();
        if (headers != null && isControl(headers)) {
            onControl(headers, reply);
            return true;
        }
        AckReply a = AckReply.parse(reply);
        if (a == null) {
            return true;
        }
        take(m.subject(), headers, m.payloadBytes(), a);
        return true;
    }

    private synchronized void onControl(byte[] headers, String reply) {
        if (stopped) {
            return;
        }
        lastHeardNanos = ApiTime.nowNanos();
        if (reply != null && !reply.isEmpty()) {
            // Flow control: answer once everything delivered so far is stored, naming the last delivery and origin
            // sequence taken (a flow-control-acked origin acknowledges up to them, ADR-60).
            long atDseq = dseq;
            long atSseq = sseq;
            long gen = generation;
            target.runAfterQueued(() -> answerFlowControl(reply, atDseq, atSseq, gen));
            return;
        }
        String last = NatsHeaders.get(headers, "Nats-Last-Consumer");
        if (last != null && !setupInProgress) {
            try {
                long ldseq = Long.parseLong(last.trim());
                if (ldseq > 0 && ldseq != dseq) {
                    scheduleRetry();
                    return;
                }
            } catch (NumberFormatException ignored) {
                // not a number: nothing to compare
            }
        }
        String stalled = NatsHeaders.get(headers, "Nats-Consumer-Stalled");
        if (stalled != null && !stalled.isEmpty()) {
            target.runAfterQueued(() -> publisher.publishNow(stalled, null, EMPTY));
        }
    }

    private void answerFlowControl(String reply, long atDseq, long atSseq, long gen) {
        boolean confirm;
        synchronized (this) {
            confirm = gen == generation && atSseq > 0;
        }
        byte[] h = confirm
                ? NatsHeaders.append(
                        NatsHeaders.append(null, "Nats-Last-Consumer", Long.toString(atDseq)),
                        "Nats-Last-Stream",
                        Long.toString(atSseq))
                : null;
        publisher.publishNow(reply, h, EMPTY);
    }

    private synchronized void take(String subject, byte[] headers, byte[] payload, AckReply a) {
        if (stopped || retryScheduled || !a.consumer().equals(consumerName) || a.delivered() > 1) {
            return;
        }
        if (spec.hasConsumer() && !answered) {
            // bounded: what does not fit is dropped, and the gap it leaves makes the link reset again
            long size = payload.length + (headers == null ? 0 : headers.length);
            if (early.size() < EARLY_MAX && earlyBytes + size <= EARLY_MAX_BYTES) {
                early.add(new Early(subject, headers, payload, a));
                earlyBytes += size;
            }
            return;
        }
        lastHeardNanos = ApiTime.nowNanos();
        if (setupInProgress) {
            setupInProgress = false;
            error = null;
        }
        if (a.streamSeq() <= sseq) {
            if (a.deliverSeq() == dseq + 1) {
                dseq++;
            }
            return;
        }
        if (a.deliverSeq() != dseq + 1) {
            // A reset durable delivers again from consumer sequence 1: anything else means a delivery was missed
            // (e.g. taken by another subscriber of its deliver subject before this link subscribed).
            if (dseq != 0 || spec.hasConsumer()) {
                scheduleRetry();
                return;
            }
        }
        dseq = a.deliverSeq();
        sseq = a.streamSeq();
        lag = a.pending() == 0 ? 0 : a.pending() - 1;
        String stored = subject;
        for (SubjectTransform t : transforms) {
            String mapped = t.applyIfMatches(subject);
            if (mapped != null) {
                stored = mapped;
                break;
            }
        }
        byte[] h = mirror
                ? SourceHeader.strip(headers, false)
                : SourceHeader.rewrite(headers, SourceHeader.value(indexName, a.streamSeq(), subject, identity));
        long seq = a.streamSeq();
        ReplicatedMessage r =
                new ReplicatedMessage(stored, h, payload, seq, mirror ? a.timestampNanos() : 0, mirror, ok -> {
                    if (!ok) {
                        refused(seq);
                    } else {
                        storedUpTo(seq);
                    }
                });
        if (!target.offerReplicated(r)) {
            refused(seq);
        }
    }

    private synchronized void storedUpTo(long seq) {
        if (seq > storedSseq) {
            storedSseq = seq;
        }
    }

    /** The target did not take origin sequence {@code seq}: start again there. */
    private synchronized void refused(long seq) {
        generation++;
        if (stopped || retryScheduled) {
            return;
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "Stream ''{0}'' refused origin sequence {1} of {2}",
                target.name(),
                seq,
                spec.name());
        if (!mirror) {
            sseq = Math.min(sseq, seq - 1);
        }
        fails++;
        scheduleRetry();
    }

    private static boolean isControl(byte[] h) {
        return h.length >= 12 && new String(h, 0, 12, StandardCharsets.US_ASCII).equals("NATS/1.0 100");
    }

    private static String orAll(String s) {
        return s == null || s.isEmpty() ? ">" : s;
    }

    private static String token(int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
