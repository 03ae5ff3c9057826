package io.natsspring.broker.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Decodes the client side of the NATS protocol (CONNECT, PUB, HPUB, SUB, UNSUB, PING, PONG) straight from
 * Netty buffers: arguments are reported as positions, payloads are never copied or turned into strings.
 * Verbs are case-insensitive. One instance per connection; not thread-safe.
 *
 * <p>{@link #parse} consumes every complete operation and leaves an incomplete tail unread, so the caller
 * accumulates input and calls again when more bytes arrive.
 */
public final class ClientProtocolParser {

    private static final int MAX_ARGS = 5;
    private static final int VERB_SLACK = 8;

    private final int[] argStart = new int[MAX_ARGS];
    private final int[] argEnd = new int[MAX_ARGS];
    private volatile int maxControlLine;
    private volatile int maxPayload;
    private boolean failed;
    private boolean connectSeen;
    private boolean authPending;
    private boolean paused;

    public ClientProtocolParser(int maxControlLine, int maxPayload) {
        this.maxControlLine = maxControlLine;
        this.maxPayload = maxPayload;
    }

    /** When set, the first operation must be CONNECT ({@link ClientOpHandler#onOperationBeforeConnect()}). */
    public void requireConnectFirst(boolean required) {
        this.authPending = required;
    }

    /**
     * Stops after the current operation and leaves further input unread until {@link #resume()} (used while a
     * CONNECT is being authenticated).
     */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    /** True while {@link #pause()} holds input back. */
    public boolean paused() {
        return paused;
    }

    /** True once a protocol error ended parsing. */
    public boolean failed() {
        return failed;
    }

    /**
     * Consumes complete operations from {@code in} and hands them to {@code handler}. Returns {@code false} when
     * parsing stopped for good (error, or the handler asked to stop); the rest of the input is then skipped.
     */
    public boolean parse(ByteBuf in, ClientOpHandler handler) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return false;
        }
        while (in.isReadable() && !paused) {
            int start = in.readerIndex();
            int limit = in.writerIndex();
            int mcl = maxControlLine;
            int searchEnd = Math.min(limit, start + mcl + VERB_SLACK + 2);
            int lf = in.indexOf(start, searchEnd, (byte) '\n');
            if (lf < 0) {
                if (!startsLikeVerb(in, start, searchEnd)) {
                    return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                }
                if (searchEnd - start >= mcl + VERB_SLACK + 2) {
                    return fail(in, handler, ProtocolError.MAX_CONTROL_LINE_EXCEEDED);
                }
                return true;
            }
            int lineEnd = lf;
            if (lineEnd > start && in.getByte(lineEnd - 1) == '\r') {
                lineEnd--;
            }
            int verbEnd = start;
            while (verbEnd < lineEnd && !isSpace(in.getByte(verbEnd))) {
                verbEnd++;
            }
            int verb = verbOf(in, start, verbEnd - start);
            if (verb == VERB_UNKNOWN) {
                return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
            }
            if (lineEnd - verbEnd > mcl) {
                return fail(in, handler, ProtocolError.MAX_CONTROL_LINE_EXCEEDED);
            }
            if (authPending && !connectSeen && verb != VERB_CONNECT) {
                failed = true;
                in.skipBytes(in.readableBytes());
                handler.onOperationBeforeConnect();
                return false;
            }
            int next = lf + 1;
            boolean go;
            switch (verb) {
                case VERB_PING:
                case VERB_PONG:
                    // like nats-server, anything between the verb and the newline is ignored
                    in.readerIndex(next);
                    go = verb == VERB_PING ? handler.onPing() : handler.onPong();
                    break;
                case VERB_CONNECT: {
                    int json = skipSpaces(in, verbEnd, lineEnd);
                    connectSeen = true;
                    in.readerIndex(next);
                    go = handler.onConnect(in, json, lineEnd - json);
                    break;
                }
                case VERB_SUB: {
                    int n = split(in, verbEnd, lineEnd);
                    if (n != 2 && n != 3) {
                        return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                    }
                    in.readerIndex(next);
                    int q = n == 3 ? 1 : -1;
                    int sid = n - 1;
                    go = handler.onSubscribe(
                            in,
                            argStart[0],
                            len(0),
                            q < 0 ? 0 : argStart[q],
                            q < 0 ? 0 : len(q),
                            argStart[sid],
                            len(sid));
                    break;
                }
                case VERB_UNSUB: {
                    int n = split(in, verbEnd, lineEnd);
                    long max = -1;
                    if (n == 2) {
                        max = parseSize(in, argStart[1], argEnd[1]);
                        if (max < 0) {
                            return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                        }
                    } else if (n != 1) {
                        return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                    }
                    in.readerIndex(next);
                    go = handler.onUnsubscribe(in, argStart[0], len(0), max);
                    break;
                }
                case VERB_PUB:
                case VERB_HPUB: {
                    boolean headers = verb == VERB_HPUB;
                    int n = split(in, verbEnd, lineEnd);
                    int sizeArgs = headers ? 2 : 1;
                    if (n != sizeArgs + 1 && n != sizeArgs + 2) {
                        return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                    }
                    boolean hasReply = n == sizeArgs + 2;
                    long total = parseSize(in, argStart[n - 1], argEnd[n - 1]);
                    long headerLen = headers ? parseSize(in, argStart[n - 2], argEnd[n - 2]) : -1;
                    if (total < 0 || (headers && (headerLen < 0 || headerLen > total))) {
                        return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                    }
                    if (total > maxPayload) {
                        return fail(in, handler, ProtocolError.MAX_PAYLOAD_VIOLATION);
                    }
                    long frameEnd = (long) next + total + 2;
                    if (frameEnd > limit) {
                        return true;
                    }
                    int end = (int) frameEnd;
                    if (in.getByte(end - 2) != '\r' || in.getByte(end - 1) != '\n') {
                        return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                    }
                    in.readerIndex(end);
                    go = handler.onPublish(
                            in,
                            argStart[0],
                            len(0),
                            hasReply ? argStart[1] : 0,
                            hasReply ? len(1) : 0,
                            (int) headerLen,
                            next,
                            (int) total);
                    break;
                }
                default:
                    return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
            }
            if (!go) {
                failed = true;
                in.skipBytes(in.readableBytes());
                return false;
            }
        }
        return true;
    }

    /**
     * How many more bytes the first operation in {@code in} needs to be complete: {@code -1} while its control line
     * has no newline yet, {@code 0} when it is complete (or malformed: {@link #parse} will say so), otherwise the
     * number of payload bytes still missing. Lets a caller that holds a split operation borrow only those bytes
     * from the next read instead of copying the whole read behind it.
     */
    public int missingBytes(ByteBuf in) {
        int start = in.readerIndex();
        int limit = in.writerIndex();
        int lf = in.indexOf(start, Math.min(limit, start + maxControlLine + VERB_SLACK + 2), (byte) '\n');
        if (lf < 0) {
            return limit - start > maxControlLine + VERB_SLACK ? 0 : -1;
        }
        int lineEnd = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        int verbEnd = start;
        while (verbEnd < lineEnd && !isSpace(in.getByte(verbEnd))) {
            verbEnd++;
        }
        int verb = verbOf(in, start, verbEnd - start);
        if (verb != VERB_PUB && verb != VERB_HPUB) {
            return 0;
        }
        int n = split(in, verbEnd, lineEnd);
        if (n < 2) {
            return 0;
        }
        long total = parseSize(in, argStart[n - 1], argEnd[n - 1]);
        if (total < 0 || total > maxPayload) {
            return 0;
        }
        long frameEnd = (long) lf + 1 + total + 2;
        return (int) Math.max(0, frameEnd - limit);
    }

    private boolean fail(ByteBuf in, ClientOpHandler handler, ProtocolError error) {
        failed = true;
        in.skipBytes(in.readableBytes());
        handler.onProtocolError(error);
        return false;
    }

    private int len(int i) {
        return argEnd[i] - argStart[i];
    }

    /** Splits {@code [from, to)} on spaces/tabs into {@link #argStart}/{@link #argEnd}; -1 when too many. */
    private int split(ByteBuf in, int from, int to) {
        int n = 0;
        int i = from;
        while (true) {
            i = skipSpaces(in, i, to);
            if (i >= to) {
                return n;
            }
            if (n == MAX_ARGS) {
                return -1;
            }
            argStart[n] = i;
            while (i < to && !isSpace(in.getByte(i))) {
                i++;
            }
            argEnd[n++] = i;
        }
    }

    private static int skipSpaces(ByteBuf in, int from, int to) {
        while (from < to && isSpace(in.getByte(from))) {
            from++;
        }
        return from;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Parses unsigned decimal digits; -1 when empty, not a number or over {@link Integer#MAX_VALUE}. */
    static long parseSize(ByteBuf in, int from, int to) {
        if (from >= to || to - from > 10) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : v;
    }

    static final int VERB_UNKNOWN = 0;
    static final int VERB_PUB = 1;
    static final int VERB_HPUB = 2;
    static final int VERB_SUB = 3;
    static final int VERB_UNSUB = 4;
    static final int VERB_PING = 5;
    static final int VERB_PONG = 6;
    static final int VERB_CONNECT = 7;

    private static int verbOf(ByteBuf in, int at, int length) {
        switch (length) {
            case 3:
                if (is(in, at, "PUB")) {
                    return VERB_PUB;
                }
                return is(in, at, "SUB") ? VERB_SUB : VERB_UNKNOWN;
            case 4:
                if (is(in, at, "HPUB")) {
                    return VERB_HPUB;
                }
                if (is(in, at, "PING")) {
                    return VERB_PING;
                }
                return is(in, at, "PONG") ? VERB_PONG : VERB_UNKNOWN;
            case 5:
                return is(in, at, "UNSUB") ? VERB_UNSUB : VERB_UNKNOWN;
            case 7:
                return is(in, at, "CONNECT") ? VERB_CONNECT : VERB_UNKNOWN;
            default:
                return VERB_UNKNOWN;
        }
    }

    private static final String[] VERBS = {"PUB", "HPUB", "SUB", "UNSUB", "PING", "PONG", "CONNECT"};

    /** False when the bytes received so far can not begin any verb: garbage is rejected without waiting. */
    private static boolean startsLikeVerb(ByteBuf in, int from, int to) {
        int end = from;
        while (end < to && !isSpace(in.getByte(end)) && in.getByte(end) != '\r') {
            end++;
        }
        int n = end - from;
        for (String verb : VERBS) {
            if (n <= verb.length() && (end < to ? n == verb.length() : true) && is(in, from, verb.substring(0, n))) {
                return true;
            }
        }
        return false;
    }

    /** Case-insensitive comparison with an upper-case ASCII word. */
    private static boolean is(ByteBuf in, int at, String upper) {
        for (int i = 0; i < upper.length(); i++) {
            if ((in.getByte(at + i) & 0xDF) != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The largest payload accepted now. */
    public int maxPayload() {
        return maxPayload;
    }

    public void maxPayload(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    public void maxControlLine(int maxControlLine) {
        this.maxControlLine = maxControlLine;
    }
}
