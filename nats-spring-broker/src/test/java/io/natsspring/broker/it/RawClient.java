package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain-socket NATS client for protocol-level tests: write raw bytes, read CRLF-terminated lines. */
final class RawClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 3000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        this(port, 0);
    }

    /** {@code receiveBuffer > 0} shrinks the socket's receive buffer (set before connecting). */
    RawClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Reads and checks the INFO line the server sends first; returns its JSON. */
    String readInfo() throws IOException {
        String line = readLine();
        assertThat(line).as("first line from server").startsWith("INFO {");
        return line.substring(5);
    }

    /** Reads INFO and sends a CONNECT with the given JSON object. */
    RawClient handshake(String connectJson) throws IOException {
        readInfo();
        send("CONNECT " + connectJson + "\r\n");
        return this;
    }

    RawClient send(String s) throws IOException {
        return send(s.getBytes(StandardCharsets.UTF_8));
    }

    RawClient send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** Next line without its line end; {@code null} at end of stream. Fails on timeout. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError(
                    "no complete line from server within " + READ_TIMEOUT_MS + " ms; got '"
                            + line.toString(StandardCharsets.UTF_8) + "'",
                    e);
        } catch (SocketException e) {
            // connection reset: the server closed while we still had unread input
            return null;
        }
    }

    /** Reads exactly {@code n} bytes (a message payload plus its CRLF, for instance). */
    byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertThat(b).as("bytes read").hasSize(n);
        return b;
    }

    /** Asserts the next line equals {@code expected}. */
    RawClient expect(String expected) throws IOException {
        assertThat(readLine()).isEqualTo(expected);
        return this;
    }

    /** Reads lines until the server closes the connection; fails if it stays open. Returns the lines read. */
    List<String> readUntilClosed() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String l = readLine();
            if (l == null) {
                return lines;
            }
            lines.add(l);
        }
        return fail("server kept sending: " + lines);
    }

    /** Asserts the server sends {@code -ERR '<text>'} (after any PINGs) and then closes the connection. */
    void expectErrAndClose(String text) throws IOException {
        List<String> lines = readUntilClosed();
        lines.removeIf("PING"::equals);
        assertThat(lines).containsExactly("-ERR '" + text + "'");
    }

    /** Asserts the connection is still usable: a PING gets a PONG. */
    void expectAlive() throws IOException {
        send("PING\r\n").expect("PONG");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
