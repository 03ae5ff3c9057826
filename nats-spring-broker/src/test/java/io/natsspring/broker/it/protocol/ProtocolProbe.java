package io.natsspring.broker.it.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one protocol input over a raw socket and describes what a client can observe: the lines the server answers
 * (INFO reduced to {@code INFO}), whether it closed the connection, and whether a {@code PING} sent afterwards
 * is answered. The same input against our broker and nats-server must give the same description.
 */
final class ProtocolProbe {

    /** Default CONNECT sent before the input (no verbose mode, headers on, protocol 0: no async INFO). */
    static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n";

    private static final int QUIET_MS = 150;
    private static final int PROBE_MS = 600;

    private ProtocolProbe() {}

    /**
     * The outcome of {@code input} on the server at {@code port}. With {@code handshake} a CONNECT and a PING are
     * exchanged first; without it the input is the first thing the client sends after INFO.
     */
    static String outcome(int port, byte[] input, boolean handshake) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            socket.setSoTimeout(3000);
            Reader reader = new Reader(in);
            String info = reader.line();
            if (info == null || !info.startsWith("INFO ")) {
                return "no INFO: " + info;
            }
            if (handshake) {
                out.write((CONNECT + "PING\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String pong = reader.line();
                if (!"PONG".equals(pong)) {
                    return "handshake failed: " + pong;
                }
            }
            List<String> seen = new ArrayList<>();
            out.write(input);
            out.flush();
            socket.setSoTimeout(QUIET_MS);
            if (reader.readAvailable(seen)) {
                return describe(seen, "closed");
            }
            seen.add("|");
            try {
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException e) {
                return describe(seen, "closed");
            }
            socket.setSoTimeout(PROBE_MS);
            if (reader.readUntilPong(seen)) {
                return describe(seen, "closed");
            }
            return describe(seen, seen.contains("PONG") ? "open" : "silent");
        }
    }

    private static String describe(List<String> lines, String state) {
        List<String> out = new ArrayList<>(lines);
        if (!out.isEmpty() && out.get(out.size() - 1).equals("|")) {
            out.remove(out.size() - 1);
        }
        out.add("[" + state + "]");
        return String.join(" / ", out);
    }

    /** Reads CRLF lines from the socket. */
    private static final class Reader {
        private final InputStream in;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Reader(InputStream in) {
            this.in = in;
        }

        /** One line; null at end of stream. */
        String line() throws IOException {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                String l = accept(b);
                if (l != null) {
                    return l;
                }
            }
        }

        /** Reads until the socket is quiet; true when the server closed. */
        boolean readAvailable(List<String> into) throws IOException {
            return readLines(into, false);
        }

        /** Reads until a PONG line, quiet, or close; true when the server closed. */
        boolean readUntilPong(List<String> into) throws IOException {
            return readLines(into, true);
        }

        private boolean readLines(List<String> into, boolean stopAtPong) throws IOException {
            try {
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        flushPartial(into);
                        return true;
                    }
                    String l = accept(b);
                    if (l != null) {
                        into.add(l.startsWith("INFO ") ? "INFO" : l);
                        if (stopAtPong && l.equals("PONG")) {
                            return false;
                        }
                    }
                }
            } catch (SocketTimeoutException e) {
                flushPartial(into);
                return false;
            } catch (SocketException e) {
                flushPartial(into);
                return true;
            }
        }

        private void flushPartial(List<String> into) {
            if (pending.size() > 0) {
                into.add("partial:" + pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        }

        private String accept(int b) {
            if (b == '\n') {
                String s = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            pending.write(b);
            return null;
        }
    }

    /** Escapes control and non-ASCII bytes as {@code \r}, {@code \n}, {@code \t}, {@code \xHH}. */
    static String escape(byte[] input) {
        StringBuilder sb = new StringBuilder();
        for (byte value : input) {
            int b = value & 0xFF;
            switch (b) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (b < 0x20 || b >= 0x7F) {
                        sb.append(String.format("\\x%02x", b));
                    } else {
                        sb.append((char) b);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The inverse of {@link #escape}. */
    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.write(e);
            }
        }
        return out.toByteArray();
    }
}
