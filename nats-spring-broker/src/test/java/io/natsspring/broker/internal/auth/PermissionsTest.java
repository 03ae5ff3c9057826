package io.natsspring.broker.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PermissionsTest {

    private static Permissions publish(List<String> allow, List<String> deny) {
        return Permissions.compile(new PermissionPatterns(allow, deny, null, null));
    }

    private static Permissions subscribe(List<String> allow, List<String> deny) {
        return Permissions.compile(new PermissionPatterns(null, null, allow, deny));
    }

    @Test
    void allowAllAllowsEverything() {
        Permissions all = Permissions.ALLOW_ALL;

        assertThat(all.canPublish("any.subject")).isTrue();
        assertThat(all.canSubscribe(">", null)).isTrue();
        assertThat(all.canSubscribe("foo.*", "q")).isTrue();
        assertThat(all.subscribeDenyOverlaps(">")).isFalse();
        assertThat(all.canDeliver("foo")).isTrue();
    }

    @Test
    void missingOrEmptyConfigCompilesToAllowAll() {
        assertThat(Permissions.compile(null)).isSameAs(Permissions.ALLOW_ALL);
        assertThat(Permissions.compile(new PermissionPatterns(null, List.of(), null, null)))
                .isSameAs(Permissions.ALLOW_ALL);
    }

    @Test
    void publishAllowListWithWildcards() {
        Permissions p = publish(List.of("orders.*", "events.>", "exact"), null);

        assertThat(p.canPublish("orders.new")).isTrue();
        assertThat(p.canPublish("orders.new.eu")).isFalse();
        assertThat(p.canPublish("orders")).isFalse();
        assertThat(p.canPublish("events.a")).isTrue();
        assertThat(p.canPublish("events.a.b.c")).isTrue();
        assertThat(p.canPublish("events")).isFalse();
        assertThat(p.canPublish("exact")).isTrue();
        assertThat(p.canPublish("exactly")).isFalse();
        assertThat(p.canPublish("other")).isFalse();
    }

    @Test
    void publishDenyOverridesAllow() {
        Permissions p = publish(List.of("data.>"), List.of("data.secret.>", "*.admin"));

        assertThat(p.canPublish("data.public")).isTrue();
        assertThat(p.canPublish("data.secret.passwords")).isFalse();
        assertThat(p.canPublish("data.admin")).isFalse();
        assertThat(p.canPublish("data.secret")).isTrue();
    }

    @Test
    void publishDenyOnlyAllowsEverythingElse() {
        Permissions p = publish(null, List.of("$SYS.>"));

        assertThat(p.canPublish("foo")).isTrue();
        assertThat(p.canPublish("$SYS.REQ.SERVER.PING")).isFalse();
        assertThat(p.canSubscribe("$SYS.>", null))
                .as("subscribe is unrestricted")
                .isTrue();
    }

    @Test
    void subscribeAllowRequiresTheSubscriptionToBeASubset() {
        Permissions p = subscribe(List.of("foo.>", "bar.*", "baz"), null);

        assertThat(p.canSubscribe("foo.x", null)).isTrue();
        assertThat(p.canSubscribe("foo.*", null)).isTrue();
        assertThat(p.canSubscribe("foo.*.y", null)).isTrue();
        assertThat(p.canSubscribe("foo.>", null)).isTrue();
        assertThat(p.canSubscribe("foo", null)).isFalse();
        assertThat(p.canSubscribe("bar.*", null)).isTrue();
        assertThat(p.canSubscribe("bar.x", null)).isTrue();
        assertThat(p.canSubscribe("bar.>", null))
                .as("foo.> is broader than bar.*")
                .isFalse();
        assertThat(p.canSubscribe("bar.x.y", null)).isFalse();
        assertThat(p.canSubscribe("baz", null)).isTrue();
        assertThat(p.canSubscribe("*", null)).isFalse();
        assertThat(p.canSubscribe(">", null)).isFalse();
    }

    @Test
    void wildcardSubscriptionIsNotAllowedByASetOfLiteralAllows() {
        Permissions p = subscribe(List.of("foo.a", "foo.b"), null);

        assertThat(p.canSubscribe("foo.a", null)).isTrue();
        assertThat(p.canSubscribe("foo.*", null)).isFalse();
    }

    @Test
    void subscribeDenyCoveringTheSubscriptionDenies() {
        Permissions p = subscribe(null, List.of("secret.>", "*.private"));

        assertThat(p.canSubscribe("secret.x", null)).isFalse();
        assertThat(p.canSubscribe("secret.*", null)).isFalse();
        assertThat(p.canSubscribe("secret.>", null)).isFalse();
        assertThat(p.canSubscribe("user.private", null)).isFalse();
        assertThat(p.canSubscribe("*.private", null)).isFalse();
        assertThat(p.canSubscribe("public.x", null)).isTrue();
        assertThat(p.canSubscribe("secret", null)).isTrue();
    }

    @Test
    void wildcardSubscriptionOverlappingADenyIsAllowedAndFilteredOnDelivery() {
        Permissions p = subscribe(List.of(">"), List.of("foo.bar", "*.private"));

        assertThat(p.canSubscribe("foo.*", null)).isTrue();
        assertThat(p.subscribeDenyOverlaps("foo.*")).isTrue();
        assertThat(p.canDeliver("foo.baz")).isTrue();
        assertThat(p.canDeliver("foo.bar")).isFalse();
        assertThat(p.canDeliver("foo.private")).isFalse();

        assertThat(p.canSubscribe(">", null)).isTrue();
        assertThat(p.subscribeDenyOverlaps(">")).isTrue();

        assertThat(p.canSubscribe("foo.baz", null)).isTrue();
        assertThat(p.subscribeDenyOverlaps("foo.baz")).isFalse();
        assertThat(p.subscribeDenyOverlaps("foo.*.x")).isFalse();
        assertThat(p.canSubscribe("foo.bar", null)).isFalse();
    }

    @Test
    void queueAllowEntriesRestrictQueueSubscriptionsOnly() {
        Permissions p = subscribe(List.of("orders.> workers", "orders.eu *.dev", "news.>"), null);

        assertThat(p.canSubscribe("orders.new", "workers")).isTrue();
        assertThat(p.canSubscribe("orders.new", "others")).isFalse();
        assertThat(p.canSubscribe("orders.new", null))
                .as("a queue entry does not allow plain subscriptions")
                .isFalse();
        assertThat(p.canSubscribe("orders.eu", "team.dev")).isTrue();
        assertThat(p.canSubscribe("orders.eu", "team.prod")).isFalse();
        assertThat(p.canSubscribe("orders.us", "team.dev")).isFalse();
        assertThat(p.canSubscribe("news.today", "anything")).isTrue();
        assertThat(p.canSubscribe("news.today", "")).isTrue();
    }

    @Test
    void matchingQueueEntriesOverrulePlainEntriesForQueueSubscriptions() {
        Permissions p = subscribe(List.of("foo", "foo q1"), null);

        assertThat(p.canSubscribe("foo", null)).isTrue();
        assertThat(p.canSubscribe("foo", "q1")).isTrue();
        assertThat(p.canSubscribe("foo", "q2")).isFalse();
    }

    @Test
    void queueDenyEntriesDenyOnlyThatQueue() {
        Permissions p = subscribe(null, List.of("foo.> blocked", "bar.*"));

        assertThat(p.canSubscribe("foo.x", "blocked")).isFalse();
        assertThat(p.canSubscribe("foo.x", "fine")).isTrue();
        assertThat(p.canSubscribe("foo.x", null)).isTrue();
        assertThat(p.subscribeDenyOverlaps("foo.>"))
                .as("queue entries do not filter deliveries")
                .isFalse();
        assertThat(p.canDeliver("foo.x")).isTrue();
        assertThat(p.canSubscribe("bar.x", "any")).isFalse();
    }

    @Test
    void malformedSubscriptionSubjectIsDenied() {
        Permissions p = subscribe(List.of(">"), null);

        assertThat(p.canSubscribe("foo..bar", null)).isFalse();
        assertThat(p.canSubscribe("foo.>.bar", null)).isFalse();
        assertThat(p.canSubscribe("", null)).isFalse();
        assertThat(p.canSubscribe(null, null)).isFalse();
    }

    @Test
    void invalidConfiguredEntriesAreRejected() {
        assertThatThrownBy(() -> publish(List.of("foo bar"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> publish(null, List.of("foo..bar"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> subscribe(List.of("a b c"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> subscribe(null, List.of(" "))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> subscribe(List.of(">.foo"), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cacheStaysBoundedAndCorrect() {
        Permissions p = Permissions.compile(
                new PermissionPatterns(List.of("ok.>"), List.of("ok.bad"), null, List.of("hidden.*")));

        for (int i = 0; i < Permissions.CACHE_LIMIT * 3; i++) {
            assertThat(p.canPublish("ok." + i)).isTrue();
            assertThat(p.canPublish("no." + i)).isFalse();
            assertThat(p.canDeliver("hidden." + i)).isFalse();
        }

        assertThat(p.cachedSubjects()).isLessThanOrEqualTo(2 * Permissions.CACHE_LIMIT);
        assertThat(p.canPublish("ok.bad")).isFalse();
        assertThat(p.canPublish("ok.bad")).isFalse();
        assertThat(p.canPublish("ok.good")).isTrue();
    }

    @Test
    void cachedAnswersAreConsistentAcrossThreads() throws Exception {
        Permissions p = Permissions.compile(
                new PermissionPatterns(List.of("even.>", "odd.*"), List.of("odd.13"), null, List.of("*.secret")));
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                tasks.add(() -> {
                    int checks = 0;
                    for (int i = 0; i < 20_000; i++) {
                        int n = (i * 31 + seed * 7) % 6000;
                        String prefix = n % 2 == 0 ? "even" : "odd";
                        boolean expected = !(n == 13);
                        if (p.canPublish(prefix + "." + n) != expected) {
                            throw new AssertionError("publish " + prefix + "." + n);
                        }
                        if (p.canPublish("none." + n)) {
                            throw new AssertionError("publish none." + n);
                        }
                        if (p.canDeliver(n + ".secret") || !p.canDeliver(n + ".public")) {
                            throw new AssertionError("deliver " + n);
                        }
                        checks++;
                    }
                    return checks;
                });
            }
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(20_000);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(p.cachedSubjects()).isLessThanOrEqualTo(2 * Permissions.CACHE_LIMIT + threads);
    }
}
