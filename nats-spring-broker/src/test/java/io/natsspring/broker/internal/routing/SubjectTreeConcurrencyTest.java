package io.natsspring.broker.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Readers match while a writer inserts and removes subscriptions and announces each completed change; a
 * reader that saw the announcement must see the change.
 */
class SubjectTreeConcurrencyTest {

    private static final int READERS = 3;
    private static final int ROUNDS = 3000;
    private static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long MAX_WRITE_NANOS = TimeUnit.SECONDS.toNanos(4);

    /** What the writer last completed with {@code sub} (NONE: a change may be under way). */
    private record Step(String subject, TestSubscription sub, Expectation expectation) {}

    private enum Expectation {
        NONE,
        PRESENT,
        ABSENT
    }

    private final SubjectTree<TestSubscription> tree = new SubjectTree<>(256);
    private volatile Step step = new Step("idle", null, Expectation.NONE);
    private final AtomicBoolean done = new AtomicBoolean();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile int rounds;

    @Test
    void matchesObserveCompletedInsertsAndRemoves() throws InterruptedException {
        TestSubscription background = TestSubscription.plain("hot.>");
        tree.insert(background);

        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            Thread t = new Thread(this::read, "reader-" + r);
            readers.add(t);
            t.start();
        }
        Thread writer = new Thread(this::write, "writer");
        writer.start();

        writer.join(TimeUnit.SECONDS.toMillis(30));
        done.set(true);
        for (Thread t : readers) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }

        assertThat(writer.isAlive()).isFalse();
        assertThat(failures).isEmpty();
        assertThat(rounds).isGreaterThan(100);
        assertThat(tree.size()).isEqualTo(1);
        tree.remove(background);
        assertThat(tree.nodeCount()).isZero();
    }

    private void write() {
        long deadline = System.nanoTime() + MAX_WRITE_NANOS;
        for (int i = 0; i < ROUNDS && failures.isEmpty() && System.nanoTime() < deadline; i++) {
            rounds = i + 1;
            String subject;
            TestSubscription sub;
            switch (i % 3) {
                case 0 -> {
                    subject = "_INBOX.r" + i;
                    sub = TestSubscription.plain(subject);
                }
                case 1 -> {
                    subject = "hot.k" + (i % 10) + ".x";
                    sub = TestSubscription.queued("hot.k" + (i % 10) + ".*", "q");
                }
                default -> {
                    subject = "hot.k" + (i % 10) + ".x";
                    sub = TestSubscription.plain("*.k" + (i % 10) + ".>");
                }
            }
            step = new Step(subject, sub, Expectation.NONE);
            pause();
            tree.insert(sub);
            step = new Step(subject, sub, Expectation.PRESENT);
            pause();
            step = new Step(subject, sub, Expectation.NONE);
            tree.remove(sub);
            step = new Step(subject, sub, Expectation.ABSENT);
            pause();
        }
    }

    /** Gives readers a short window to match (and cache) in the current step. */
    private static void pause() {
        long until = System.nanoTime() + PAUSE_NANOS;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private void read() {
        long n = 0;
        while (!done.get() && failures.isEmpty()) {
            Step s = step;
            MatchResult<TestSubscription> r;
            if ((n++ & 1) == 0) {
                r = tree.match(s.subject());
            } else {
                byte[] bytes = s.subject().getBytes(StandardCharsets.US_ASCII);
                r = tree.match(bytes, 0, bytes.length);
            }
            boolean present = MatchContents.all(r).stream().anyMatch(x -> x == s.sub());
            // PRESENT holds only if the writer had not yet announced the removal when the match finished.
            if (s.expectation() == Expectation.PRESENT && !present && step == s) {
                failures.add("missing " + s.sub() + " for " + s.subject());
            } else if (s.expectation() == Expectation.ABSENT && present) {
                failures.add("stale " + s.sub() + " for " + s.subject());
            }
            if (s.subject().startsWith("hot.") && r.plainCount() == 0) {
                failures.add("lost background subscription for " + s.subject());
            }
        }
    }
}
