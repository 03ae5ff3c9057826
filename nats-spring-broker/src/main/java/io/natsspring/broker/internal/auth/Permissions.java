package io.natsspring.broker.internal.auth;

import io.natsspring.broker.internal.routing.Subjects;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Compiled publish and subscribe permissions of one user, shared by all of that user's connections.
 *
 * <p>Publishing to a subject is allowed when the allow list is empty or one of its patterns matches, and no deny
 * pattern matches. A subscription is allowed when the allow list is empty or the subscription is a subset of an
 * allow pattern ({@code foo.*} is allowed by {@code foo.>}, not the reverse), and it is not a subset of a deny
 * pattern. A wildcard subscription that merely overlaps a deny pattern is allowed; messages on denied subjects
 * are then filtered with {@link #canDeliver(String)}, as {@code nats-server} does. With {@code allow_responses}
 * ({@link #responses()}) and no publish allow list, publishing is denied except to reply subjects the connection
 * tracks (see the client package), as in {@code nats-server}.
 *
 * <p>Subscribe entries may name a queue group after the subject, separated by white space:
 * {@code "orders.* workers"} (the queue may hold wildcards, e.g. {@code "orders.* *.dev"}). A queue entry only
 * ever concerns queue subscriptions: if allow entries with queues cover the subscription's subject, a queue
 * subscription is allowed only with one of their queues; otherwise the plain entries decide. A matching deny
 * entry with a queue denies a queue subscription in that queue. Queue entries play no part in delivery filtering.
 */
public final class Permissions {

    /** Permissions that allow everything. */
    public static final Permissions ALLOW_ALL = new Permissions(List.of(), List.of(), List.of(), List.of(), null);

    static final int CACHE_LIMIT = 4096;

    private final List<String> publishAllow;
    private final List<String> publishDeny;
    private final List<Entry> subscribeAllow;
    private final List<Entry> subscribeDeny;
    private final List<String> plainSubscribeDeny;
    private final boolean publishRestricted;
    private final boolean publishAllowNone;
    private final ResponsePermission responses;
    private final Map<String, Boolean> publishCache = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deliverCache = new ConcurrentHashMap<>();

    private Permissions(
            List<String> publishAllow,
            List<String> publishDeny,
            List<Entry> subscribeAllow,
            List<Entry> subscribeDeny,
            ResponsePermission responses) {
        this.publishAllow = publishAllow;
        this.publishDeny = publishDeny;
        this.subscribeAllow = subscribeAllow;
        this.subscribeDeny = subscribeDeny;
        this.plainSubscribeDeny = subscribeDeny.stream()
                .filter(e -> e.queue == null)
                .map(e -> e.subject)
                .toList();
        this.responses = responses;
        // as nats-server: allow_responses turns off the blanket publish allow when no allow list is given
        this.publishAllowNone = responses != null && publishAllow.isEmpty();
        this.publishRestricted = !publishAllow.isEmpty() || !publishDeny.isEmpty() || publishAllowNone;
    }

    /**
     * The permissions as nats-server shows a client its own ({@code $SYS.REQ.USER.INFO}): {@code publish} and
     * {@code subscribe} objects with their non-empty {@code allow}/{@code deny} lists (a queue subscription as
     * {@code "subject queue"}) and {@code responses} ({@code max}, {@code ttl} in nanoseconds); {@code null} when
     * unrestricted.
     */
    public Map<String, Object> describe() {
        if (this == ALLOW_ALL) {
            return null;
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("publish", lists(publishAllow, publishDeny));
        m.put(
                "subscribe",
                lists(
                        subscribeAllow.stream().map(Entry::text).toList(),
                        subscribeDeny.stream().map(Entry::text).toList()));
        if (responses != null) {
            Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("max", responses.maxMsgs());
            r.put("ttl", responses.expires().toNanos());
            m.put("responses", r);
        }
        return m;
    }

    private static Map<String, Object> lists(List<String> allow, List<String> deny) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        if (!allow.isEmpty()) {
            m.put("allow", allow);
        }
        if (!deny.isEmpty()) {
            m.put("deny", deny);
        }
        return m;
    }

    /**
     * Compiles configured permissions; {@code null} or all lists empty gives {@link #ALLOW_ALL}.
     *
     * @throws IllegalArgumentException when an entry is not a valid subject pattern (with optional queue)
     */
    public static Permissions compile(PermissionPatterns config) {
        if (config == null
                || config.publishAllow().isEmpty()
                        && config.publishDeny().isEmpty()
                        && config.subscribeAllow().isEmpty()
                        && config.subscribeDeny().isEmpty()
                        && config.responses() == null) {
            return ALLOW_ALL;
        }
        return new Permissions(
                publishPatterns(config.publishAllow()),
                publishPatterns(config.publishDeny()),
                subscribeEntries(config.subscribeAllow()),
                subscribeEntries(config.subscribeDeny()),
                config.responses());
    }

    /** The user's {@code allow_responses}, or {@code null} when replies get no extra publish permission. */
    public ResponsePermission responses() {
        return responses;
    }

    /** True when the client may publish to the literal {@code subject}. Results are cached. */
    public boolean canPublish(String subject) {
        if (!publishRestricted) {
            return true;
        }
        Boolean cached = publishCache.get(subject);
        if (cached != null) {
            return cached;
        }
        boolean allowed = (publishAllow.isEmpty() ? !publishAllowNone : anyMatches(publishAllow, subject))
                && !anyMatches(publishDeny, subject);
        remember(publishCache, subject, allowed);
        return allowed;
    }

    /**
     * True when the client may subscribe to {@code subject} (wildcards allowed), in {@code queueGroup} if that
     * is not {@code null} or empty. False for a malformed subject.
     */
    public boolean canSubscribe(String subject, String queueGroup) {
        if (subscribeAllow.isEmpty() && subscribeDeny.isEmpty()) {
            return true;
        }
        if (subject == null || !Subjects.isValidSubscribeSubject(subject)) {
            return false;
        }
        String queue = queueGroup == null || queueGroup.isEmpty() ? null : queueGroup;
        if (!subscribeAllow.isEmpty() && !allowedByAllowList(subject, queue)) {
            return false;
        }
        for (Entry deny : subscribeDeny) {
            if ((deny.queue == null || deny.queueMatches(queue)) && Subjects.isSubsetOf(subject, deny.subject)) {
                return false;
            }
        }
        return true;
    }

    private boolean allowedByAllowList(String subject, String queue) {
        boolean plainAllowed = false;
        boolean queueEntriesApply = false;
        for (Entry allow : subscribeAllow) {
            if (!Subjects.isSubsetOf(subject, allow.subject)) {
                continue;
            }
            if (allow.queue == null) {
                plainAllowed = true;
            } else if (queue != null) {
                if (allow.queueMatches(queue)) {
                    return true;
                }
                queueEntriesApply = true;
            }
        }
        return plainAllowed && !queueEntriesApply;
    }

    /**
     * True when some subject the subscription could receive is denied, so that deliveries to it must be checked
     * with {@link #canDeliver(String)}.
     */
    public boolean subscribeDenyOverlaps(String subscriptionSubject) {
        for (String deny : plainSubscribeDeny) {
            if (Subjects.overlaps(subscriptionSubject, deny)) {
                return true;
            }
        }
        return false;
    }

    /** True unless the literal {@code subject} matches a subscribe deny pattern. Results are cached. */
    public boolean canDeliver(String subject) {
        if (plainSubscribeDeny.isEmpty()) {
            return true;
        }
        Boolean cached = deliverCache.get(subject);
        if (cached != null) {
            return cached;
        }
        boolean allowed = !anyMatches(plainSubscribeDeny, subject);
        remember(deliverCache, subject, allowed);
        return allowed;
    }

    private static boolean anyMatches(List<String> patterns, String subject) {
        for (String pattern : patterns) {
            if (Subjects.matches(pattern, subject)) {
                return true;
            }
        }
        return false;
    }

    /** Caches a result; when full, drops about a quarter of the entries (which ones does not matter). */
    private static void remember(Map<String, Boolean> cache, String subject, boolean allowed) {
        if (cache.size() >= CACHE_LIMIT) {
            Iterator<String> keys = cache.keySet().iterator();
            for (int i = 0; i < CACHE_LIMIT / 4 && keys.hasNext(); i++) {
                keys.next();
                keys.remove();
            }
        }
        cache.put(subject, allowed);
    }

    int cachedSubjects() {
        return publishCache.size() + deliverCache.size();
    }

    private static List<String> publishPatterns(List<String> configured) {
        List<String> patterns = new ArrayList<>(configured.size());
        for (String pattern : configured) {
            String trimmed = pattern == null ? "" : pattern.strip();
            require(Subjects::isValidSubscribeSubject, trimmed, "publish permission", pattern);
            patterns.add(trimmed);
        }
        return List.copyOf(patterns);
    }

    private static List<Entry> subscribeEntries(List<String> configured) {
        List<Entry> entries = new ArrayList<>(configured.size());
        for (String entry : configured) {
            String[] parts = entry == null ? new String[0] : entry.strip().split("\\s+");
            if (parts.length == 0 || parts.length > 2 || parts[0].isEmpty()) {
                throw new IllegalArgumentException("invalid subscribe permission: \"" + entry + "\"");
            }
            require(Subjects::isValidSubscribeSubject, parts[0], "subscribe permission", entry);
            String queue = parts.length == 2 ? parts[1] : null;
            if (queue != null) {
                require(Subjects::isValidSubscribeSubject, queue, "subscribe permission queue", entry);
            }
            entries.add(new Entry(parts[0], queue));
        }
        return List.copyOf(entries);
    }

    private static void require(Predicate<String> check, String value, String what, String entry) {
        if (!check.test(value)) {
            throw new IllegalArgumentException("invalid " + what + ": \"" + entry + "\"");
        }
    }

    /** A subscribe allow or deny entry; {@code queue} is null for entries without a queue group. */
    private record Entry(String subject, String queue) {

        String text() {
            return queue == null ? subject : subject + " " + queue;
        }

        boolean queueMatches(String clientQueue) {
            if (clientQueue == null) {
                return false;
            }
            if (!Subjects.hasWildcard(queue)) {
                return queue.equals(clientQueue);
            }
            return Subjects.isValidPublishSubject(clientQueue) && Subjects.matches(queue, clientQueue);
        }
    }
}
