package io.natsspring.broker.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Decodes the client side of the NATS protocol (CONNECT, PUB, HPUB, SUB, UNSUB, PING, PONG, and the INFO, +OK and
 * -ERR a client may send) straight from Netty buffers: arguments are reported as positions, payloads are never
 * copied or turned into strings. One instance per connection; not thread-safe.
 *
 * <p>It follows nats-server's byte-wise state machine in everything a client can observe: a verb is recognised
 * (case-insensitively) byte by byte, so a wrong byte is refused at once, without waiting for a newline; PING, PONG
 * and +OK ignore whatever follows them up to the newline; the arguments run from the first byte after the verb and
 * its blanks to the newline, and one byte is dropped before the newline when a CR occurred among them (so a CR
 * inside SUB arguments separates tokens); argument errors close the connection without {@code -ERR}
 * ({@link ProtocolError#BAD_ARGUMENTS}); a payload must be followed by CRLF, checked as soon as those bytes arrive.
 *
 * <p>{@link #parse} consumes every complete operation; of an incomplete one it may consume the verb (remembered)
 * and leaves the rest unread, so the caller accumulates input and calls again when more bytes arrive.
 */
public final class ClientProtocolParser {

    private static final int MAX_ARGS = 5;
    private static final int NEED_MORE = -1;
    private static final int INVALID = -2;

    private final int[] argStart = new int[MAX_ARGS];
    private final int[] argEnd = new int[MAX_ARGS];
    private volatile int maxControlLine;
    private volatile int maxPayload;
    private boolean failed;
    private boolean connectSeen;
    private boolean authPending;
    private boolean paused;
    /** A verb whose name, separator and blanks are consumed; its arguments are not complete yet. */
    private int pendingVerb = VERB_UNKNOWN;
    /** PING, PONG or +OK whose name is consumed: the rest of its line is skipped. */
    private int skipping = VERB_UNKNOWN;
    /** Where the verb {@link #matchVerb} found ends (after the blank it requires, if any). */
    private int verbEnd;

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
            if (skipping != VERB_UNKNOWN) {
                int lf = in.indexOf(start, limit, (byte) '\n');
                if (lf < 0) {
                    in.readerIndex(limit);
                    return true;
                }
                in.readerIndex(lf + 1);
                int verb = skipping;
                skipping = VERB_UNKNOWN;
                boolean go = verb == VERB_PING ? handler.onPing() : verb != VERB_PONG || handler.onPong();
                if (!go) {
                    return stop(in);
                }
                continue;
            }
            int verb = pendingVerb;
            int pos = start;
            if (verb == VERB_UNKNOWN) {
                if (authPending && !connectSeen) {
                    byte first = in.getByte(start);
                    if (first != 'C' && first != 'c') {
                        failed = true;
                        in.skipBytes(in.readableBytes());
                        handler.onOperationBeforeConnect();
                        return false;
                    }
                }
                verb = matchVerb(in, start, limit);
                if (verb == NEED_MORE) {
                    return true;
                }
                if (verb == INVALID) {
                    return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                }
                pos = verbEnd;
                if (verb == VERB_PING || verb == VERB_PONG || verb == VERB_OK) {
                    skipping = verb;
                    in.readerIndex(pos);
                    continue;
                }
            }
            pos = skipSpaces(in, pos, limit);
            if (pos >= limit) {
                pendingVerb = verb;
                in.readerIndex(limit);
                return true;
            }
            int mcl = maxControlLine;
            int argFrom = pos;
            // the first argument byte is taken as it is, even a newline (as nats-server's state machine does)
            int searchEnd = (int) Math.min(limit, (long) argFrom + mcl + 2);
            int lf = argFrom + 1 < searchEnd ? in.indexOf(argFrom + 1, searchEnd, (byte) '\n') : -1;
            if (lf < 0) {
                if (argumentsTooLong(in, argFrom, limit, mcl)) {
                    return fail(in, handler, ProtocolError.MAX_CONTROL_LINE_EXCEEDED);
                }
                pendingVerb = verb;
                in.readerIndex(argFrom);
                return true;
            }
            int argTo = argumentsEnd(in, argFrom, lf);
            if (argTo - argFrom > mcl) {
                return fail(in, handler, ProtocolError.MAX_CONTROL_LINE_EXCEEDED);
            }
            int next = lf + 1;
            boolean go;
            switch (verb) {
                case VERB_CONNECT:
                    pendingVerb = VERB_UNKNOWN;
                    connectSeen = true;
                    in.readerIndex(next);
                    go = handler.onConnect(in, argFrom, argTo - argFrom);
                    break;
                case VERB_INFO:
                    pendingVerb = VERB_UNKNOWN;
                    in.readerIndex(next);
                    go = handler.onInfo(in, argFrom, argTo - argFrom);
                    break;
                case VERB_ERR:
                    pendingVerb = VERB_UNKNOWN;
                    return fail(in, handler, ProtocolError.CLIENT_ERROR);
                case VERB_SUB: {
                    int n = split(in, argFrom, argTo, true);
                    if (n != 2 && n != 3) {
                        return fail(in, handler, ProtocolError.BAD_ARGUMENTS);
                    }
                    pendingVerb = VERB_UNKNOWN;
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
                    int n = split(in, argFrom, argTo, true);
                    if (n != 1 && n != 2) {
                        return fail(in, handler, ProtocolError.BAD_ARGUMENTS);
                    }
                    // as nats-server: a maximum that is not a number unsubscribes at once
                    long max = n == 2 ? parseSize(in, argStart[1], argEnd[1]) : -1;
                    pendingVerb = VERB_UNKNOWN;
                    in.readerIndex(next);
                    go = handler.onUnsubscribe(in, argStart[0], len(0), n == 2 && max < 0 ? 0 : max);
                    break;
                }
                case VERB_PUB:
                case VERB_HPUB: {
                    boolean headers = verb == VERB_HPUB;
                    int n = split(in, argFrom, argTo, false);
                    int sizeArgs = headers ? 2 : 1;
                    if (n != sizeArgs + 1 && n != sizeArgs + 2) {
                        return fail(in, handler, ProtocolError.BAD_ARGUMENTS);
                    }
                    boolean hasReply = n == sizeArgs + 2;
                    long total = parseSize(in, argStart[n - 1], argEnd[n - 1]);
                    long headerLen = headers ? parseSize(in, argStart[n - 2], argEnd[n - 2]) : -1;
                    if (total < 0 || (headers && (headerLen < 0 || headerLen > total))) {
                        return fail(in, handler, ProtocolError.BAD_ARGUMENTS);
                    }
                    if (total > maxPayload) {
                        if (headers && headerLen > 0 && next < limit) {
                            handler.onMaxPayloadHeaders(
                                    in, argStart[0], len(0), next, (int) Math.min(headerLen, limit - next), total);
                        }
                        return fail(in, handler, ProtocolError.MAX_PAYLOAD_VIOLATION);
                    }
                    long crAt = (long) next + total;
                    if (crAt + 2 > limit) {
                        // incomplete: a wrong byte where the CR belongs is refused at once
                        if (crAt < limit && in.getByte((int) crAt) != '\r') {
                            return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                        }
                        pendingVerb = verb;
                        in.readerIndex(argFrom);
                        return true;
                    }
                    int end = (int) crAt + 2;
                    if (in.getByte(end - 2) != '\r' || in.getByte(end - 1) != '\n') {
                        return fail(in, handler, ProtocolError.UNKNOWN_OPERATION);
                    }
                    pendingVerb = VERB_UNKNOWN;
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
                return stop(in);
            }
        }
        return true;
    }

    /**
     * How many more bytes the first operation in {@code in} needs: {@code -1} while its control line has no
     * newline yet, {@code 0} when {@link #parse} can make progress with what is there (a complete or malformed
     * operation, or bytes it consumes anyway), otherwise the number of payload bytes still missing. Lets a caller
     * that holds a split operation borrow only those bytes from the next read instead of copying the whole read.
     */
    public int missingBytes(ByteBuf in) {
        if (skipping != VERB_UNKNOWN || failed) {
            return 0;
        }
        int start = in.readerIndex();
        int limit = in.writerIndex();
        int verb = pendingVerb;
        int pos = start;
        if (verb == VERB_UNKNOWN) {
            byte first = in.getByte(start);
            if (authPending && !connectSeen && first != 'C' && first != 'c') {
                return 0;
            }
            verb = matchVerb(in, start, limit);
            if (verb == NEED_MORE) {
                return -1;
            }
            if (verb == INVALID || verb == VERB_PING || verb == VERB_PONG || verb == VERB_OK) {
                return 0;
            }
            pos = verbEnd;
        }
        pos = skipSpaces(in, pos, limit);
        if (pos >= limit) {
            return pos > start ? 0 : -1;
        }
        int mcl = maxControlLine;
        int searchEnd = (int) Math.min(limit, (long) pos + mcl + 2);
        int lf = pos + 1 < searchEnd ? in.indexOf(pos + 1, searchEnd, (byte) '\n') : -1;
        if (lf < 0) {
            return argumentsTooLong(in, pos, limit, mcl) || pos > start ? 0 : -1;
        }
        if (verb != VERB_PUB && verb != VERB_HPUB) {
            return 0;
        }
        int argTo = argumentsEnd(in, pos, lf);
        int n = split(in, pos, argTo, false);
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

    /** Where the arguments from {@code from} end: the newline, one byte earlier when a CR occurred after the first. */
    private static int argumentsEnd(ByteBuf in, int from, int lf) {
        if (lf - 1 > from && (in.getByte(lf - 1) == '\r' || in.indexOf(from + 1, lf - 1, (byte) '\r') >= 0)) {
            return lf - 1;
        }
        return lf;
    }

    /** Whether incomplete arguments from {@code from} to {@code limit} already exceed the control line limit. */
    private static boolean argumentsTooLong(ByteBuf in, int from, int limit, int mcl) {
        int held = limit - from;
        if (held <= mcl) {
            return false;
        }
        return held > mcl + 1 || in.indexOf(from + 1, limit, (byte) '\r') < 0;
    }

    private boolean stop(ByteBuf in) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return false;
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

    /**
     * Splits {@code [from, to)} into {@link #argStart}/{@link #argEnd} on spaces and tabs (and on CR and LF too
     * when {@code crlf}, as nats-server splits SUB and UNSUB arguments); -1 when there are too many.
     */
    private int split(ByteBuf in, int from, int to, boolean crlf) {
        int n = 0;
        int i = from;
        while (true) {
            while (i < to && isSeparator(in.getByte(i), crlf)) {
                i++;
            }
            if (i >= to) {
                return n;
            }
            if (n == MAX_ARGS) {
                return -1;
            }
            argStart[n] = i;
            while (i < to && !isSeparator(in.getByte(i), crlf)) {
                i++;
            }
            argEnd[n++] = i;
        }
    }

    private static boolean isSeparator(byte b, boolean crlf) {
        return b == ' ' || b == '\t' || (crlf && (b == '\r' || b == '\n'));
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

    /** Parses unsigned decimal digits as nats-server does; -1 when empty, not a number or over 9 digits. */
    static long parseSize(ByteBuf in, int from, int to) {
        if (from >= to || to - from > 9) {
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
        return v;
    }

    static final int VERB_UNKNOWN = 0;
    static final int VERB_PUB = 1;
    static final int VERB_HPUB = 2;
    static final int VERB_SUB = 3;
    static final int VERB_UNSUB = 4;
    static final int VERB_PING = 5;
    static final int VERB_PONG = 6;
    static final int VERB_CONNECT = 7;
    static final int VERB_INFO = 8;
    static final int VERB_OK = 9;
    static final int VERB_ERR = 10;

    /** Verb names by id, upper case. */
    private static final byte[][] NAMES = {
        null,
        bytes("PUB"),
        bytes("HPUB"),
        bytes("SUB"),
        bytes("UNSUB"),
        bytes("PING"),
        bytes("PONG"),
        bytes("CONNECT"),
        bytes("INFO"),
        bytes("+OK"),
        bytes("-ERR")
    };

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Recognises the verb at {@code from} byte by byte: its id (and {@link #verbEnd}), {@link #NEED_MORE} when the
     * bytes so far are a proper prefix, {@link #INVALID} as soon as a byte can not continue any verb. PUB, HPUB,
     * SUB, UNSUB and -ERR need a blank after the name, which {@link #verbEnd} includes.
     */
    private int matchVerb(ByteBuf in, int from, int limit) {
        int a;
        int b = VERB_UNKNOWN;
        int c = VERB_UNKNOWN;
        switch (in.getByte(from)) {
            case 'P', 'p' -> {
                a = VERB_PUB;
                b = VERB_PING;
                c = VERB_PONG;
            }
            case 'H', 'h' -> a = VERB_HPUB;
            case 'S', 's' -> a = VERB_SUB;
            case 'U', 'u' -> a = VERB_UNSUB;
            case 'C', 'c' -> a = VERB_CONNECT;
            case 'I', 'i' -> a = VERB_INFO;
            case '+' -> a = VERB_OK;
            case '-' -> a = VERB_ERR;
            default -> {
                return INVALID;
            }
        }
        int r = matchName(in, from, limit, a);
        if (r == INVALID && b != VERB_UNKNOWN) {
            r = matchName(in, from, limit, b);
            if (r == INVALID) {
                r = matchName(in, from, limit, c);
            }
        }
        return r;
    }

    private int matchName(ByteBuf in, int from, int limit, int verb) {
        byte[] name = NAMES[verb];
        int i = 0;
        for (; i < name.length && from + i < limit; i++) {
            byte x = in.getByte(from + i);
            byte want = name[i];
            if (x != want && !(want >= 'A' && want <= 'Z' && x == want + ('a' - 'A'))) {
                return INVALID;
            }
        }
        if (i < name.length) {
            return NEED_MORE;
        }
        int end = from + i;
        if (verb == VERB_PUB || verb == VERB_HPUB || verb == VERB_SUB || verb == VERB_UNSUB || verb == VERB_ERR) {
            if (end >= limit) {
                return NEED_MORE;
            }
            if (!isSpace(in.getByte(end))) {
                return INVALID;
            }
            end++;
        }
        verbEnd = end;
        return verb;
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
