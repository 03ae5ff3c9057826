package io.natsspring.broker.internal.jetstream.consumer;

import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.JsApiError;
import io.natsspring.broker.internal.jetstream.stream.ConsumerLimits;
import io.natsspring.broker.internal.jetstream.stream.RetentionPolicy;
import io.natsspring.broker.internal.jetstream.stream.Stream;
import io.natsspring.broker.internal.jetstream.stream.StreamConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creating and updating a consumer of one stream with {@code nats-server}'s checks, in its order: defaults and
 * config rules, create-versus-update, work-queue uniqueness, limits, names; then the meta file, registration and
 * the created advisory. Runs on the consumer thread.
 */
final class ConsumerCreation {

    /** Makes a new consumer known to its stream (map, {@code MSG.NEXT} subscription). */
    @FunctionalInterface
    interface Registrar {
        void accept(Consumer consumer);
    }

    private final StreamConsumers host;
    private final Stream stream;
    private final Map<String, Consumer> consumers;
    private final DurableConsumerFiles files;
    private final ConsumerAdvisories advisories;
    private final Registrar registrar;

    ConsumerCreation(
            StreamConsumers host,
            Stream stream,
            Map<String, Consumer> consumers,
            DurableConsumerFiles files,
            ConsumerAdvisories advisories,
            Registrar registrar) {
        this.host = host;
        this.stream = stream;
        this.consumers = consumers;
        this.files = files;
        this.advisories = advisories;
        this.registrar = registrar;
    }

    /**
     * Creates a consumer, or updates the existing one of that name within what may change; returns it.
     *
     * @param action {@code "create"}, {@code "update"} or {@code null} (create or update)
     */
    Consumer createOrUpdate(ConsumerConfig requested, String action) {
        StreamConfig sc = stream.config();
        ConsumerConfig c = ConsumerConfigRules.applyDefaults(requested, sc);
        ConsumerConfigRules.check(c, sc);
        String name = c.isDurable() ? c.durable() : c.name();
        if (name != null) {
            Consumer existing = consumers.get(name);
            if (existing != null) {
                // as nats-server: create/update never changes the pause, only CONSUMER.PAUSE does
                c = c.withPauseUntil(existing.config().pauseUntilNanos());
                if (c.sourcing() && c.isDurable()) {
                    // a returning source asks from where it stopped; its durable keeps the start it was made with
                    c = SourcingConsumers.keepStart(c, existing.config());
                }
                if ("create".equals(action) && !sameForCreate(existing.config(), c, requested, sc)) {
                    throw JsApiError.CONSUMER_ALREADY_EXISTS.exception();
                }
                if (sc.retention() == RetentionPolicy.WORK_QUEUE && !partitionUnique(name, c.filters())) {
                    throw JsApiError.CONSUMER_WQ_CONSUMER_NOT_UNIQUE.exception();
                }
                boolean bound = existing.config().isPush()
                        && host.publisher().hasInterest(existing.config().deliverSubject());
                String error = ConsumerConfigRules.checkUpdate(existing.config(), c, bound);
                if (error != null) {
                    throw JsApiError.CONSUMER_CREATE.exception(error);
                }
                if (!existing.config().equals(c)) {
                    existing.update(c);
                    files.rewriteMeta(existing);
                }
                return existing;
            }
        }
        if ("update".equals(action)) {
            throw JsApiError.CONSUMER_DOES_NOT_EXIST.exception();
        }
        long maxConsumers = sc.maxConsumers() > 0 ? sc.maxConsumers() : ConsumerLimits.DEFAULT_MAX_CONSUMERS;
        if (consumers.size() >= maxConsumers) {
            throw JsApiError.MAXIMUM_CONSUMERS_LIMIT.exception();
        }
        if (sc.retention() == RetentionPolicy.WORK_QUEUE && !c.direct() && !c.sourcing()) {
            ConsumerConfigRules.checkWorkQueue(c, consumers.isEmpty(), partitionUnique(name, c.filters()));
        }
        if (c.isDurable() && c.durable().length() > ConsumerConfigRules.MAX_NAME_LENGTH) {
            throw JsApiError.CONSUMER_NAME_TOO_LONG.exception(ConsumerConfigRules.MAX_NAME_LENGTH);
        }
        if (name == null) {
            do {
                name = ConsumerConfigRules.generatedName();
            } while (consumers.containsKey(name));
            c = c.withName(name);
        }
        if (!ConsumerConfigRules.isValidName(name)) {
            throw JsApiError.CONSUMER_BAD_DURABLE_NAME.exception();
        }
        Consumer o = new Consumer(host, name, c, ApiTime.nowNanos());
        o.selectStart();
        try {
            files.writeMeta(o);
        } catch (IOException e) {
            throw JsApiError.CONSUMER_STORE_FAILED.exception(String.valueOf(e.getMessage()));
        }
        registrar.accept(o);
        advisories.action(stream.name(), name, true);
        o.pause().started(true);
        o.deliver();
        return o;
    }

    /**
     * Whether a {@code create} of an existing consumer asks for its configuration, compared as nats-server does:
     * with the requested {@code inactive_threshold} rather than the 5 s default an ephemeral
     * consumer is stamped with after creation (so re-creating a named ephemeral consumer fails with 10148).
     */
    private static boolean sameForCreate(
            ConsumerConfig existing, ConsumerConfig defaulted, ConsumerConfig requested, StreamConfig sc) {
        if (!defaulted.isDurable()
                && requested.inactiveThresholdNanos() <= 0
                && sc.consumerLimits().inactiveThresholdNanos() <= 0) {
            return false;
        }
        return existing.equals(defaulted);
    }

    private boolean partitionUnique(String name, List<String> filters) {
        Map<String, List<String>> others = new HashMap<>();
        consumers.forEach((n, c) -> others.put(n, c.filters()));
        return ConsumerConfigRules.partitionUnique(name, filters, others);
    }
}
