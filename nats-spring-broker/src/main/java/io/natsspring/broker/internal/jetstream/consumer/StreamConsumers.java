package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.client.FlushBatch;
import io.natsspring.broker.internal.client.InboundMessage;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.messaging.InternalPublisher;
import io.natsspring.broker.internal.jetstream.messaging.InternalSubscription;
import io.natsspring.broker.internal.jetstream.stream.ConsumerInterest;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.store.StreamStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The consumers of one stream and the single thread ({@code js-consumers-<stream>}) all their state changes run on:
 * deliveries, acks (taken off the network threads by the {@code $JS.ACK.<stream>.>} subscription and queued here),
 * pull requests, flow-control replies, a 20 ms timer round (redelivery, expiry, heartbeats, inactivity) and the
 * writes of durable consumers' state files. API requests hand their work to this thread and do not wait for it.
 * Also the stream's {@link ConsumerInterest}: consumer count, interest for interest retention, removal of messages
 * that interest and work-queue retention no longer need. The thread itself is {@link ConsumerThread}, creation
 * checks are {@link ConsumerCreation}, retention is {@link ConsumerRetention}, state files are
 * {@link DurableConsumerFiles}.
 */
public final class StreamConsumers implements ConsumerInterest {

    private static final System.Logger LOG = System.getLogger(StreamConsumers.class.getName());
    private static final long TICK_MILLIS = 20;
    private static final int PERSIST_EVERY_TICKS = 5;
    /** Acks handled in one task of the consumer thread, at most. */
    private static final int MAX_ACKS_PER_RUN = 256;

    private final Stream stream;
    private final InternalPublisher publisher;
    private final ScheduledExecutorService timers;
    private final ConsumerAdvisories advisories;
    private final DurableConsumerFiles files;
    private final ConsumerThread thread;
    private final ConsumerRetention retention;
    private final ConsumerCreation creation;
    private final AckConfirmations<Consumer> confirmations;
    private final ConcurrentHashMap<String, Consumer> consumers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, InternalSubscription> nextSubscriptions = new ConcurrentHashMap<>();
    private final List<InternalSubscription> subscriptions = new ArrayList<>();
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private final ConcurrentLinkedQueue<InboundAck> inboundAcks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean acksQueued = new AtomicBoolean();
    private final AckSubject ackSubject = new AckSubject();
    private final List<Consumer> ackedConsumers = new ArrayList<>();
    private ScheduledFuture<?> ticker;
    private int tickCount;

    /**
     * @param streamDir the stream's directory when durable consumers are persisted there (file streams), else
     *                  {@code null}
     */
    public StreamConsumers(
            Stream stream, InternalPublisher publisher, ScheduledExecutorService timers, Path streamDir) {
        this(stream, publisher, timers, streamDir, () -> "$G");
    }

    /**
     * @param streamDir the stream's directory when durable consumers are persisted there (file streams), else
     *                  {@code null}
     * @param account   the account's name, for the advisories that carry it
     */
    public StreamConsumers(
            Stream stream,
            InternalPublisher publisher,
            ScheduledExecutorService timers,
            Path streamDir,
            Supplier<String> account) {
        this.stream = stream;
        this.publisher = publisher;
        this.timers = timers;
        this.advisories = new ConsumerAdvisories(publisher, account, stream::domain);
        this.files = new DurableConsumerFiles(stream, streamDir);
        this.thread = new ConsumerThread(stream.name(), stream::failed);
        this.retention = new ConsumerRetention(stream, consumers.values());
        this.creation = new ConsumerCreation(this, stream, consumers, files, advisories, this::register);
        this.confirmations = new AckConfirmations<>(
                this::execute, files::writeState, reply -> publisher.publishNow(reply, null, new byte[0]));
    }

    /** Restores persisted durable consumers, subscribes to acks and flow-control replies, starts the timer. */
    public void start() {
        thread.call(() -> {
            restore();
            return null;
        });
        String name = stream.name();
        subscribe(new InternalSubscription("$JS.ACK." + name + ".>", null, this::onAck));
        subscribe(new InternalSubscription("$JS.FC." + name + ".>", null, this::onFlowControl));
        ticker = timers.scheduleAtFixedRate(this::queueTick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    String streamName() {
        return stream.name();
    }

    StreamStore store() {
        return stream.store();
    }

    InternalPublisher publisher() {
        return publisher;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    ConsumerAdvisories advisories() {
        return advisories;
    }

    void execute(Runnable task) {
        thread.execute(task);
    }

    /**
     * Runs {@code work} on the consumer thread without waiting for it; the stage completes there (see
     * {@link ConsumerThread#submit}).
     */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        return thread.submit(work);
    }

    // ---- administration (on the consumer thread, through submit)

    /**
     * Creates a consumer or updates an existing one; completes with its info.
     *
     * @param action {@code "create"}, {@code "update"} or {@code null} (create or update)
     */
    public CompletableFuture<ConsumerSnapshot> create(ConsumerConfig requested, String action) {
        return submit(() -> {
            Consumer o = creation.createOrUpdate(requested, action);
            if (o.config().sourcing()) {
                // as nats-server (standalone): a sourcing consumer's create or update resets it to its ack floor,
                // so a returning source gets again what it had not confirmed
                o.reset(0);
                retention.consumerRemoved();
            }
            return infoOnThread(o.name());
        });
    }

    private void register(Consumer o) {
        consumers.put(o.name(), o);
        String subject = "$JS.API.CONSUMER.MSG.NEXT." + stream.name() + "." + o.name();
        InternalSubscription s = new InternalSubscription(subject, null, (m, b) -> onNext(o, m));
        nextSubscriptions.put(o.name(), s);
        publisher.router().subscribe(s);
    }

    /**
     * The durable consumers with their delivery state bounded to {@code lastSeq} (as {@code nats-server} bounds
     * them), for a stream snapshot; completes on the consumer thread.
     */
    public CompletableFuture<List<ArchivedConsumer>> archive(long lastSeq) {
        return submit(() -> {
            List<ArchivedConsumer> out = new ArrayList<>();
            for (Consumer c : sorted()) {
                if (c.config().isDurable()) {
                    out.add(new ArchivedConsumer(
                            c.config(),
                            c.createdNanos(),
                            ConsumerStateFile.stateBytes(ConsumerStateFile.bound(c.state(), lastSeq))));
                }
            }
            return out;
        });
    }

    /**
     * Adds the consumers of a restored snapshot: each resumes from its archived delivery state and is persisted as
     * a created one would be. Completes on the consumer thread.
     */
    public CompletableFuture<Void> restoreArchived(List<ArchivedConsumer> archived) {
        return submit(() -> {
            for (ArchivedConsumer a : archived) {
                Consumer c = new Consumer(this, a.config().durable(), a.config(), a.createdNanos());
                c.restore(ConsumerStateFile.parseState(a.state()));
                register(c);
                c.pause().started(false);
                files.writeMeta(c);
                c.markDirty();
                files.writeStateIfChanged(c);
            }
            return null;
        });
    }

    /** Info of one consumer, or {@link JsApiError#CONSUMER_NOT_FOUND}. */
    public CompletableFuture<ConsumerSnapshot> info(String name) {
        return submit(() -> infoOnThread(name));
    }

    private ConsumerSnapshot infoOnThread(String name) {
        Consumer c = consumers.get(name);
        if (c == null) {
            throw JsApiError.CONSUMER_NOT_FOUND.exception();
        }
        return c.snapshot();
    }

    /** Infos of all consumers, by name. */
    public CompletableFuture<List<ConsumerSnapshot>> infos() {
        return submit(() -> {
            List<ConsumerSnapshot> out = new ArrayList<>();
            for (Consumer c : sorted()) {
                if (!c.config().direct()) {
                    out.add(c.snapshot());
                }
            }
            return out;
        });
    }

    /** Names of all consumers but the direct ones (a source's or mirror's, not listed by nats-server), sorted. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        consumers.forEach((name, c) -> {
            if (!c.config().direct()) {
                out.add(name);
            }
        });
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private List<Consumer> sorted() {
        List<Consumer> all = new ArrayList<>(consumers.values());
        all.sort(Comparator.comparing(Consumer::name));
        return all;
    }

    /**
     * Pauses a consumer until {@code untilNanos} (epoch nanoseconds; {@code 0} or a past time resumes it);
     * {@link JsApiError#CONSUMER_NOT_FOUND} if there is none. Returns its new configuration.
     */
    public CompletableFuture<ConsumerConfig> pause(String name, long untilNanos) {
        return submit(() -> {
            Consumer c = consumers.get(name);
            if (c == null) {
                throw JsApiError.CONSUMER_NOT_FOUND.exception();
            }
            ConsumerConfig next = c.config().withPauseUntil(untilNanos);
            if (!next.equals(c.config())) {
                c.update(next);
                files.rewriteMeta(c);
            }
            return next;
        });
    }

    /**
     * {@code $JS.API.CONSUMER.UNPIN}: unpins {@code group} of a consumer; {@link JsApiError#CONSUMER_NOT_FOUND} or
     * {@link JsApiError#CONSUMER_INVALID_PRIORITY_GROUP} when there is no such consumer or group.
     */
    public CompletableFuture<Void> unpin(String name, String group) {
        return submit(() -> {
            Consumer c = consumers.get(name);
            if (c == null) {
                throw JsApiError.CONSUMER_NOT_FOUND.exception();
            }
            if (!c.config().priorityGroups().contains(group)) {
                throw JsApiError.CONSUMER_INVALID_PRIORITY_GROUP.exception();
            }
            c.unpin(group);
            return null;
        });
    }

    /** The answer to a consumer reset: the consumer's info after it and the sequence it starts from. */
    public record Reset(ConsumerSnapshot info, long resetSeq) {}

    /**
     * {@code $JS.API.CONSUMER.RESET}: resets a consumer to {@code seq} ({@code 0}: its ack floor);
     * {@code null} when there is no such consumer (nats-server does not answer then).
     */
    public CompletableFuture<Reset> reset(String name, long seq) {
        return submit(() -> {
            Consumer c = consumers.get(name);
            if (c == null) {
                return null;
            }
            long to = c.resetWithoutDelivery(seq);
            retention.consumerRemoved();
            Reset answer = new Reset(c.snapshot(), to);
            c.deliver();
            return answer;
        });
    }

    /** Deletes a consumer; {@link JsApiError#CONSUMER_NOT_FOUND} if there is none. */
    public CompletableFuture<Void> delete(String name) {
        return submit(() -> {
            Consumer c = consumers.get(name);
            if (c == null) {
                throw JsApiError.CONSUMER_NOT_FOUND.exception();
            }
            remove(c);
            return null;
        });
    }

    private void remove(Consumer c) {
        confirmations.flush();
        consumers.remove(c.name());
        InternalSubscription s = nextSubscriptions.remove(c.name());
        if (s != null) {
            s.close();
            publisher.router().unsubscribe(s);
        }
        c.close(true);
        files.delete(c);
        advisories.action(stream.name(), c.name(), false);
        retention.consumerRemoved();
    }

    // ---- retention

    /** Consumer thread: {@code consumer} is done with {@code seq}; removes it if retention says so. */
    void acknowledged(Consumer consumer, long seq) {
        retention.acknowledged(seq);
    }

    // ---- ConsumerInterest

    @Override
    public int consumerCount() {
        int n = 0;
        for (Consumer c : consumers.values()) {
            if (!c.config().direct()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean hasInterest(String subject) {
        for (Consumer c : consumers.values()) {
            if (c.wants(subject)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void appended() {
        if (consumers.isEmpty()) {
            return; // no iterator per write
        }
        for (Consumer c : consumers.values()) {
            c.signal();
        }
    }

    @Override
    public void removed(long[] seqs) {
        execute(() -> {
            for (Consumer c : consumers.values()) {
                c.streamRemovedMessages(seqs);
            }
        });
    }

    // ---- inbound traffic (network threads: copy and hand off)

    private boolean onAck(InboundMessage m, FlushBatch b) {
        inboundAcks.add(new InboundAck(m.subject(), m.reply(), m.payloadBytes()));
        if (acksQueued.compareAndSet(false, true)) {
            execute(this::handleAcks);
        }
        return true;
    }

    /**
     * Handles the acks queued since the last run (at most {@value #MAX_ACKS_PER_RUN}, the rest in a next task) as one
     * task: each touched consumer then runs one delivery round, and the confirmations asked for are written and sent
     * once at the end ({@link AckConfirmations#flush}) instead of in a task of their own.
     */
    private void handleAcks() {
        acksQueued.set(false);
        Consumer last = null;
        List<Consumer> touched = ackedConsumers;
        confirmations.hold();
        try {
            for (int n = 0; n < MAX_ACKS_PER_RUN; n++) {
                InboundAck a = inboundAcks.poll();
                if (a == null) {
                    break;
                }
                if (!ackSubject.parse(a.subject())) {
                    continue;
                }
                Consumer c = consumers.get(ackSubject.consumer());
                if (c == null) {
                    continue;
                }
                c.onAck(
                        ackSubject.deliveryCount(),
                        ackSubject.streamSeq(),
                        ackSubject.consumerSeq(),
                        a.reply(),
                        a.payload());
                if (c != last && !touched.contains(c)) {
                    touched.add(c);
                }
                last = c;
            }
            for (int i = 0; i < touched.size(); i++) {
                touched.get(i).deliver();
            }
        } finally {
            touched.clear();
            confirmations.release();
            if (!inboundAcks.isEmpty() && acksQueued.compareAndSet(false, true)) {
                execute(this::handleAcks);
            }
        }
    }

    /** An ack message as it came off the network, handled on the consumer thread. */
    private record InboundAck(String subject, String reply, byte[] payload) {}

    private boolean onFlowControl(InboundMessage m, FlushBatch b) {
        String subject = m.subject();
        byte[] headers = m.headerLength() > 0 ? m.headerBytes() : null;
        execute(() -> {
            String[] tokens = subject.split("\\.");
            Consumer c = tokens.length >= 4 ? consumers.get(tokens[3]) : null;
            if (c != null) {
                c.onFlowControlReply(subject, headers);
            }
        });
        return true;
    }

    private boolean onNext(Consumer c, InboundMessage m) {
        String reply = m.reply();
        if (reply == null) {
            return true;
        }
        byte[] body = m.payloadBytes();
        execute(() -> {
            if (!c.isClosed()) {
                c.onPullRequest(reply, body);
            }
        });
        return true;
    }

    // ---- timer round

    private void queueTick() {
        if (consumers.isEmpty()) {
            return;
        }
        if (tickQueued.compareAndSet(false, true)) {
            try {
                execute(() -> {
                    tickQueued.set(false);
                    tick();
                });
            } catch (RuntimeException | Error e) {
                // a timer task that throws is never run again: the stream restarts instead of losing its ticks
                tickQueued.set(false);
                stream.failed(e);
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        boolean persist = ++tickCount % PERSIST_EVERY_TICKS == 0;
        for (Consumer c : sorted()) {
            if (c.tick(now)) {
                LOG.log(System.Logger.Level.DEBUG, "Consumer ''{0} > {1}'' inactive, deleted", stream.name(), c.name());
                remove(c);
                continue;
            }
            if (persist) {
                files.writeStateIfChanged(c);
            }
        }
    }

    /** Writes {@code c}'s state now if it is persisted and changed. */
    void persistNow(Consumer c) {
        files.writeStateIfChanged(c);
    }

    /**
     * Confirms an ack of {@code c}'s (already applied) on {@code reply} once {@code c}'s state holding it is
     * written: at once for a consumer that is not persisted, else with the next group write
     * ({@link AckConfirmations}).
     */
    void confirmAck(Consumer c, String reply) {
        if (files.persisted(c.config())) {
            confirmations.add(c, reply);
        } else {
            publisher.publishNow(reply, null, new byte[0]);
        }
    }

    private void restore() {
        for (ConsumerStateFile.Restored r : files.readAll()) {
            Consumer c = new Consumer(this, r.config().durable(), r.config(), r.createdNanos());
            if (r.state() == null) {
                c.selectStart();
            } else {
                c.restore(r.state());
            }
            register(c);
            c.pause().started(false);
        }
    }

    /** Stops every consumer, writing durable state first (files stay; the broker is closing). */
    public void stop() {
        stop(false);
    }

    /**
     * Stops every consumer because the stream is being deleted: like {@code nats-server}, waiting pull requests get
     * {@code 409 Consumer Deleted} and each consumer's delete advisory is published (files go with the stream's).
     */
    public void streamDeleted() {
        stop(true);
    }

    private void stop(boolean streamDeleted) {
        if (thread.stopped()) {
            return;
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (InternalSubscription s : subscriptions) {
            s.close();
            publisher.router().unsubscribe(s);
        }
        subscriptions.clear();
        for (InternalSubscription s : nextSubscriptions.values()) {
            s.close();
            publisher.router().unsubscribe(s);
        }
        nextSubscriptions.clear();
        Callable<Void> closeAll = () -> {
            confirmations.flush();
            for (Consumer c : consumers.values()) {
                if (streamDeleted) {
                    c.close(true);
                    advisories.action(stream.name(), c.name(), false);
                } else {
                    files.writeStateIfChanged(c);
                    c.close(false);
                }
                files.close(c);
            }
            return null;
        };
        if (streamDeleted) {
            // A stream delete never waits for a busy consumer thread (the API thread would stall for every stream):
            // the consumers close there as soon as it is free; their files go with the stream's directory.
            thread.submit(closeAll).whenComplete((done, e) -> {
                if (e != null) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "Consumers of '" + stream.name() + "' did not stop cleanly",
                            e);
                }
            });
            thread.shutdownWithoutWaiting();
            return;
        }
        try {
            thread.call(closeAll);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Consumers of '" + stream.name() + "' did not stop cleanly", e);
        }
        thread.shutdown();
    }

    private void subscribe(InternalSubscription s) {
        subscriptions.add(s);
        publisher.router().subscribe(s);
    }
}
