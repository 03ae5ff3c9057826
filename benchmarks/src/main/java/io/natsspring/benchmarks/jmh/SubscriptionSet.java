package io.natsspring.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A realistic, reproducible subscription set over an order-events subject space
 * {@code orders.<region>.c<customer>.<event>}: mostly literal subjects (several subscribers on popular ones),
 * with {@code *} and {@code >} wildcards and queue groups mixed in, and publish subjects drawn from the same space.
 */
final class SubscriptionSet {

    static final String[] REGIONS = {
        "eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-east", "sa-east", "af-south"
    };
    static final String[] EVENTS = {"created", "paid", "shipped", "delivered", "cancelled"};
    static final int CUSTOMERS = 2000;

    private SubscriptionSet() {}

    /** {@code count} subscriptions: 70% literal, 15% one {@code *}, 10% {@code >} tail, 5% queue groups. */
    static List<BenchSubscription> subscriptions(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<BenchSubscription> subs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = r.nextInt(100);
            String region = REGIONS[r.nextInt(REGIONS.length)];
            String customer = "c" + r.nextInt(CUSTOMERS);
            String event = EVENTS[r.nextInt(EVENTS.length)];
            if (kind < 70) {
                subs.add(new BenchSubscription("orders." + region + "." + customer + "." + event, null));
            } else if (kind < 85) {
                subs.add(
                        r.nextBoolean()
                                ? new BenchSubscription("orders." + region + ".*." + event, null)
                                : new BenchSubscription("orders.*." + customer + "." + event, null));
            } else if (kind < 95) {
                subs.add(new BenchSubscription("orders." + region + "." + customer + ".>", null));
            } else {
                subs.add(new BenchSubscription("orders." + region + ".*." + event, "workers-" + r.nextInt(4)));
            }
        }
        return subs;
    }

    /** {@code count} literal publish subjects from the same space. */
    static String[] publishSubjects(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] subjects = new String[count];
        for (int i = 0; i < count; i++) {
            subjects[i] = "orders." + REGIONS[r.nextInt(REGIONS.length)] + ".c" + r.nextInt(CUSTOMERS) + "."
                    + EVENTS[r.nextInt(EVENTS.length)];
        }
        return subjects;
    }
}
