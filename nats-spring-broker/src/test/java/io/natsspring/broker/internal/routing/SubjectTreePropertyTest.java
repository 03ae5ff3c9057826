package io.natsspring.broker.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Compares the tree against a brute-force scan with {@link Subjects#matches} under random operations. */
class SubjectTreePropertyTest {

    private static final String[] TOKENS = {"a", "b", "c", "a*b"};
    private static final String[] GROUPS = {null, null, null, "q1", "q2"};

    private final Random random = new Random(20240611L);

    @Test
    void agreesWithBruteForce() {
        // A small cache makes eviction and set collisions frequent.
        SubjectTree<TestSubscription> tree = new SubjectTree<>(16);
        List<TestSubscription> live = new ArrayList<>();
        int matches = 0;

        for (int op = 0; op < 8000; op++) {
            int kind = random.nextInt(10);
            if (kind < 3 || live.isEmpty()) {
                TestSubscription sub =
                        new TestSubscription(randomPattern(), GROUPS[random.nextInt(GROUPS.length)], "s" + op);
                tree.insert(sub);
                live.add(sub);
            } else if (kind < 5) {
                TestSubscription sub = live.remove(random.nextInt(live.size()));
                assertThat(tree.remove(sub)).isTrue();
            } else if (kind == 5) {
                List<TestSubscription> batch = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0 && !live.isEmpty(); i--) {
                    batch.add(live.remove(random.nextInt(live.size())));
                }
                tree.removeAll(batch);
            } else {
                String subject = randomSubject();
                MatchResult<TestSubscription> result;
                if (random.nextBoolean()) {
                    result = tree.match(subject);
                } else {
                    byte[] bytes = ("." + subject).getBytes(StandardCharsets.UTF_8);
                    result = tree.match(bytes, 1, bytes.length - 1);
                }
                assertSameAsBruteForce(result, live, subject);
                matches++;
            }
            assertThat(tree.size()).isEqualTo(live.size());
        }

        assertThat(matches).isGreaterThan(2000);
        tree.removeAll(live);
        assertThat(tree.size()).isZero();
        assertThat(tree.nodeCount()).isZero();
    }

    private static void assertSameAsBruteForce(
            MatchResult<TestSubscription> result, List<TestSubscription> live, String subject) {
        Set<TestSubscription> expectedPlain = identitySet();
        Map<String, Set<TestSubscription>> expectedGroups = new TreeMap<>();
        for (TestSubscription s : live) {
            if (Subjects.matches(s.subject(), subject)) {
                if (s.queueGroup() == null) {
                    expectedPlain.add(s);
                } else {
                    expectedGroups
                            .computeIfAbsent(s.queueGroup(), g -> identitySet())
                            .add(s);
                }
            }
        }

        List<TestSubscription> plain = MatchContents.plain(result);
        assertThat(plain).as("plain for %s", subject).doesNotHaveDuplicates();
        assertThat(toIdentitySet(plain)).as("plain for %s", subject).isEqualTo(expectedPlain);

        Map<String, Set<TestSubscription>> groups = new TreeMap<>();
        MatchContents.groups(result).forEach((name, members) -> {
            assertThat(members).as("group %s for %s", name, subject).doesNotHaveDuplicates();
            groups.put(name, toIdentitySet(members));
        });
        assertThat(groups).as("groups for %s", subject).isEqualTo(expectedGroups);
        assertThat(result.isEmpty()).isEqualTo(expectedPlain.isEmpty() && expectedGroups.isEmpty());
    }

    private String randomPattern() {
        int n = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('.');
            }
            int r = random.nextInt(10);
            if (i == n - 1 && r == 0) {
                sb.append('>');
            } else if (r < 3) {
                sb.append('*');
            } else {
                sb.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
        }
        return sb.toString();
    }

    private String randomSubject() {
        int n = 1 + random.nextInt(5);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(TOKENS[random.nextInt(TOKENS.length)]);
        }
        return sb.toString();
    }

    private static Set<TestSubscription> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private static Set<TestSubscription> toIdentitySet(List<TestSubscription> subs) {
        Set<TestSubscription> set = identitySet();
        set.addAll(subs);
        return set;
    }
}
