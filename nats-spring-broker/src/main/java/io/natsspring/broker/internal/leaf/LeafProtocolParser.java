package io.natsspring.broker.internal.leaf;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes the leaf-node protocol from accumulated bytes: {@code INFO, CONNECT, PING, PONG, +OK, -ERR, LS+, LS-,
 * LMSG, HMSG}. Reads whole operations only; a message whose payload has not fully arrived stays in the buffer.
 */
final class LeafProtocolParser {

    /** The longest control line accepted (an INFO of a large cluster fits). */
    static final int MAX_CONTROL_LINE = 1024 * 1024;

    private final int maxPayload;

    LeafProtocolParser(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    /** Decodes every complete operation in {@code in}, giving each to {@code ops}; stops at a protocol error. */
    boolean parse(ByteBuf in, LeafOps ops) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int nl = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (nl < 0) {
                if (in.readableBytes() > MAX_CONTROL_LINE) {
                    ops.protocolError("Maximum Control Line Exceeded");
                    return false;
                }
                return true;
            }
            int end = nl > start && in.getByte(nl - 1) == '\r' ? nl - 1 : nl;
            String line = in.toString(start, end - start, StandardCharsets.UTF_8);
            int sp = firstSpace(line);
            String op = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
            String arg = sp < 0 ? "" : line.substring(sp + 1).trim();
            switch (op) {
                case "LMSG", "HMSG" -> {
                    if (!message(in, nl + 1, op.equals("HMSG"), arg, ops)) {
                        return false;
                    }
                    if (in.readerIndex() == start) {
                        return true; // payload not complete yet
                    }
                    continue;
                }
                case "INFO" -> ops.info(arg);
                case "CONNECT" -> ops.connect(arg);
                case "PING" -> ops.ping();
                case "PONG" -> ops.pong();
                case "+OK" -> ops.ok();
                case "-ERR" -> ops.err(unquote(arg));
                case "LS+" -> {
                    String[] a = split(arg);
                    if (a.length == 1) {
                        ops.subscribe(a[0], null, 1);
                    } else if (a.length == 3) {
                        int w = parseSize(a[2]);
                        ops.subscribe(a[0], a[1], w <= 0 ? 1 : w);
                    } else {
                        ops.protocolError("processLeafSub Parse Error: '" + arg + "'");
                        return false;
                    }
                }
                case "LS-" -> {
                    String[] a = split(arg);
                    if (a.length == 1 || a.length == 2) {
                        ops.unsubscribe(a[0], a.length == 2 ? a[1] : null);
                    } else {
                        ops.protocolError("processLeafUnsub Parse Error: '" + arg + "'");
                        return false;
                    }
                }
                case "" -> {}
                default -> {
                    ops.protocolError("Unknown Protocol Operation");
                    return false;
                }
            }
            in.readerIndex(nl + 1);
        }
        return true;
    }

    /** Reads one message when complete; leaves the reader index alone when its payload is still missing. */
    private boolean message(ByteBuf in, int dataStart, boolean headers, String arg, LeafOps ops) {
        String[] a = split(arg);
        int sizes = headers ? 2 : 1;
        if (a.length < 1 + sizes) {
            ops.protocolError("processLeafMsgArgs Parse Error: '" + arg + "'");
            return false;
        }
        String subject = a[0];
        String reply = null;
        List<String> queues = List.of();
        int n = a.length - sizes;
        if (n == 2) {
            reply = a[1];
        } else if (n > 2) {
            if (a[1].equals("+")) {
                reply = a[2];
                queues = List.of(a).subList(3, n);
            } else if (a[1].equals("|")) {
                queues = List.of(a).subList(2, n);
            } else {
                ops.protocolError("processLeafMsgArgs Bad or Missing Reply Indicator: '" + a[1] + "'");
                return false;
            }
            queues = new ArrayList<>(queues);
        }
        int headerSize = headers ? parseSize(a[n]) : 0;
        int total = parseSize(a[a.length - 1]);
        if (total < 0 || headerSize < 0 || headerSize > total) {
            ops.protocolError("processLeafMsgArgs Bad or Missing Size: '" + arg + "'");
            return false;
        }
        if (total > maxPayload) {
            ops.protocolError("Maximum Payload Violation");
            return false;
        }
        if (in.writerIndex() - dataStart < total + 2L) {
            return true;
        }
        byte[] h = null;
        if (headers) {
            h = new byte[headerSize];
            in.getBytes(dataStart, h);
        }
        byte[] payload = new byte[total - headerSize];
        in.getBytes(dataStart + headerSize, payload);
        in.readerIndex(dataStart + total + 2);
        ops.message(subject, reply, queues, h, payload);
        return true;
    }

    private static int firstSpace(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                return i;
            }
        }
        return -1;
    }

    private static String[] split(String arg) {
        return arg.isEmpty() ? new String[0] : arg.trim().split("[ \t]+");
    }

    private static int parseSize(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("'") && s.endsWith("'") ? s.substring(1, s.length() - 1) : s;
    }
}
