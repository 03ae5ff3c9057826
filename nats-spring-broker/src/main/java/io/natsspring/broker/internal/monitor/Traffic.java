package io.natsspring.broker.internal.monitor;

/** Messages and bytes in and out, as {@code /varz} reports them. */
public record Traffic(long inMsgs, long outMsgs, long inBytes, long outBytes) {

    /** No traffic. */
    public static final Traffic NONE = new Traffic(0, 0, 0, 0);

    /** This traffic plus the given counts. */
    public Traffic plus(long inMsgs, long outMsgs, long inBytes, long outBytes) {
        return new Traffic(
                this.inMsgs + inMsgs, this.outMsgs + outMsgs, this.inBytes + inBytes, this.outBytes + outBytes);
    }
}
