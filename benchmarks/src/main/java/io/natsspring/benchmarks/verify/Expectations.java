package io.natsspring.benchmarks.verify;

import java.util.BitSet;
import java.util.List;

/** The delivery guarantees the scenarios check, each throwing {@link VerificationException} with the details. */
public final class Expectations {

    private Expectations() {}

    /** Every receiver got each of 1..n exactly once, in publish order (plain subscribers, fan-out). */
    public static void eachReceivedAllInOrder(long n, List<SequenceTracker> receivers) throws VerificationException {
        for (SequenceTracker r : receivers) {
            checkClean(r);
            long got = r.seen().cardinality();
            if (got != n || r.count() != n || (n > 0 && r.seen().nextClearBit(1) != n + 1)) {
                throw new VerificationException(r.name() + " received " + r.count() + " messages (" + got
                        + " distinct) of " + n + " published; first missing sequence "
                        + r.seen().nextClearBit(1));
            }
        }
    }

    /** Together the receivers got each of 1..n exactly once (a queue group), each member in publish order. */
    public static void exactlyOnceAcross(long n, List<SequenceTracker> members) throws VerificationException {
        BitSet union = new BitSet();
        long total = 0;
        for (SequenceTracker m : members) {
            checkClean(m);
            if (union.intersects(m.seen())) {
                BitSet both = (BitSet) union.clone();
                both.and(m.seen());
                throw new VerificationException("sequence " + both.nextSetBit(0) + " was delivered to more than one"
                        + " queue member (again to " + m.name() + ")");
            }
            union.or(m.seen());
            total += m.count();
        }
        if (total != n || union.cardinality() != n || (n > 0 && union.nextClearBit(1) != n + 1)) {
            throw new VerificationException("queue group received " + total + " messages (" + union.cardinality()
                    + " distinct) of " + n + " published; first missing sequence " + union.nextClearBit(1));
        }
    }

    /** A count the server or client reports equals the expected one. */
    public static void equal(String what, long expected, long actual) throws VerificationException {
        if (expected != actual) {
            throw new VerificationException(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** A count is at least the expected one. */
    public static void atLeast(String what, long expected, long actual) throws VerificationException {
        if (actual < expected) {
            throw new VerificationException(what + ": expected at least " + expected + ", got " + actual);
        }
    }

    private static void checkClean(SequenceTracker r) throws VerificationException {
        if (r.invalid() > 0) {
            throw new VerificationException(
                    r.name() + " received " + r.invalid() + " messages with a corrupt sequence");
        }
        if (r.duplicates() > 0) {
            throw new VerificationException(r.name() + " received " + r.duplicates() + " duplicates");
        }
        if (r.outOfOrder() > 0) {
            throw new VerificationException(r.name() + " received " + r.outOfOrder() + " messages out of order");
        }
    }
}
