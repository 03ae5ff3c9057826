package io.natsspring.broker.it.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket upgrade written by hand on a plain socket, for what a WebSocket client library would hide: the HTTP
 * status of a refused upgrade, the response headers, the first (unmasked, uncompressed) server frame.
 */
final class RawUpgrade implements AutoCloseable {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final InputStream in;
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    /** The opcode of the frame read last (1 text, 2 binary, 8 close, 9 ping, 10 pong). */
    int lastOpcode;

    /** The raw payload of the frame read last. */
    byte[] lastPayload;

    private RawUpgrade(Socket socket, int status) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.status = status;
    }

    /** Sends {@code request} (CRLF line ends added) and reads the response head. */
    static RawUpgrade send(int port, String... requestLines) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        StringBuilder b = new StringBuilder();
        for (String line : requestLines) {
            b.append(line).append("\r\n");
        }
        b.append("\r\n");
        s.getOutputStream().write(b.toString().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String head = readHead(s.getInputStream());
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        RawUpgrade r = new RawUpgrade(s, status);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                r.headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return r;
    }

    /** A valid upgrade request with these extra header lines. */
    static RawUpgrade upgrade(int port, String... extraHeaders) throws IOException {
        String[] base = {
            "GET / HTTP/1.1",
            "Host: 127.0.0.1:" + port,
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: " + KEY,
            "Sec-WebSocket-Version: 13"
        };
        String[] all = new String[base.length + extraHeaders.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extraHeaders, 0, all, base.length, extraHeaders.length);
        return send(port, all);
    }

    /** The payload of the next server frame (a server's frames are not masked), as text. */
    String readFrameText() throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            throw new IOException("closed");
        }
        long len = b1 & 0x7f;
        if (len == 126) {
            len = (in.read() << 8) | in.read();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | in.read();
            }
        }
        lastOpcode = b0 & 0x0f;
        lastPayload = in.readNBytes((int) len);
        return new String(lastPayload, StandardCharsets.UTF_8);
    }

    /** The status of the close frame read last. */
    int closeStatus() {
        return ((lastPayload[0] & 0xff) << 8) | (lastPayload[1] & 0xff);
    }

    /** Sends {@code text} in one masked binary frame, as a client must. */
    void sendFrame(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x82);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        byte[] mask = {1, 2, 3, 4};
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        socket.getOutputStream().write(out.toByteArray());
        socket.getOutputStream().flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed before the end of the response head: " + b);
            }
            b.write(c);
            matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
