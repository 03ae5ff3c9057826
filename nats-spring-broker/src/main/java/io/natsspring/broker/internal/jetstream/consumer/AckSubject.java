package io.natsspring.broker.internal.jetstream.consumer;

/**
 * Reads an ack subject, {@code $JS.ACK.<stream>.<consumer>.<delivery count>.<stream seq>.<consumer seq>.<timestamp>
 * .<pending>} (the form this broker puts in the reply subject of each delivery), without cutting it into token
 * strings: only the consumer name is copied out, the three numbers are parsed in place. Accepts exactly what
 * {@code subject.split("\\.")} with nine tokens and {@link Long#parseLong} of tokens 4–6 accepted before (trailing
 * dots are ignored as {@code split} ignores trailing empty tokens). One instance is reused by one thread.
 */
final class AckSubject {

    static final int TOKENS = 9;

    private final int[] dots = new int[TOKENS - 1];
    private String consumer;
    private long deliveryCount;
    private long streamSeq;
    private long consumerSeq;

    /** Reads {@code subject}; {@code false} (and nothing read) when it is not a valid ack subject. */
    boolean parse(String subject) {
        int end = subject.length();
        while (end > 0 && subject.charAt(end - 1) == '.') {
            end--;
        }
        int n = 0;
        for (int i = 0; i < end; i++) {
            if (subject.charAt(i) == '.') {
                if (n == dots.length) {
                    return false;
                }
                dots[n++] = i;
            }
        }
        if (n != dots.length) {
            return false;
        }
        try {
            deliveryCount = Long.parseLong(subject, dots[3] + 1, dots[4], 10);
            streamSeq = Long.parseLong(subject, dots[4] + 1, dots[5], 10);
            consumerSeq = Long.parseLong(subject, dots[5] + 1, dots[6], 10);
        } catch (NumberFormatException e) {
            return false;
        }
        consumer = subject.substring(dots[2] + 1, dots[3]);
        return true;
    }

    /** The consumer name of the last subject read. */
    String consumer() {
        return consumer;
    }

    long deliveryCount() {
        return deliveryCount;
    }

    long streamSeq() {
        return streamSeq;
    }

    long consumerSeq() {
        return consumerSeq;
    }
}
