package io.natsspring.benchmarks.jmh;

import io.natsspring.broker.internal.routing.MatchResult;
import io.natsspring.broker.internal.routing.SubjectTree;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Subject matching against 10k subscriptions with wildcards and queue groups ({@link SubscriptionSet}).
 * {@code hot}: 512 publish subjects, all fitting the tree's match cache; {@code cold}: 64k subjects cycling
 * through a cache of {@value SubjectTree#DEFAULT_CACHE_SIZE}, so nearly every match walks the tree and refills
 * the cache. {@code churn} adds and removes a wildcard subscription (cache invalidation) per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SubjectMatchBenchmark {

    static final int SUBSCRIPTIONS = 10_000;

    @Param({"hot", "cold"})
    public String cache;

    private SubjectTree<BenchSubscription> tree;
    private String[] subjects;
    private byte[][] subjectBytes;
    private int mask;
    private int next;
    private BenchSubscription churn;

    @Setup
    public void setUp() {
        tree = new SubjectTree<>();
        for (BenchSubscription s : SubscriptionSet.subscriptions(SUBSCRIPTIONS, 42)) {
            tree.insert(s);
        }
        subjects = SubscriptionSet.publishSubjects(cache.equals("hot") ? 512 : 65_536, 7);
        subjectBytes = new byte[subjects.length][];
        for (int i = 0; i < subjects.length; i++) {
            subjectBytes[i] = subjects[i].getBytes(StandardCharsets.US_ASCII);
        }
        mask = subjects.length - 1;
        churn = new BenchSubscription("orders.eu-west.*.paid", null);
    }

    @Benchmark
    public MatchResult<BenchSubscription> matchString() {
        return tree.match(subjects[next++ & mask]);
    }

    @Benchmark
    public MatchResult<BenchSubscription> matchBytes() {
        byte[] s = subjectBytes[next++ & mask];
        return tree.match(s, 0, s.length);
    }

    @Benchmark
    public MatchResult<BenchSubscription> churnThenMatch() {
        tree.insert(churn);
        tree.remove(churn);
        return tree.match(subjects[next++ & mask]);
    }
}
