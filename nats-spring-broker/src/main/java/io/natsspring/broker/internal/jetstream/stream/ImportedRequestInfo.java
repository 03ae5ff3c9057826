package io.natsspring.broker.internal.jetstream.stream;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code Nats-Request-Info} header a service import puts on a request, as a stream treats it (as
 * {@code nats-server}): a publish that reached the stream through a service import ({@code _R_.} reply) is a fast
 * batch when the header's {@code reply} (the publisher's own reply subject) ends in {@code .$FI}, and the header is
 * never stored.
 */
final class ImportedRequestInfo {

    static final String HEADER = "Nats-Request-Info";

    private static final byte[] KEY = ("\r\n" + HEADER + ":").getBytes(StandardCharsets.US_ASCII);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ImportedRequestInfo() {}

    /**
     * The publisher's reply subject from {@code Nats-Request-Info} when {@code reply} is a service import's
     * ({@code _R_.…}), else {@code null}.
     */
    static String originalReply(String reply, byte[] headers) {
        if (reply == null || !reply.startsWith("_R_.") || indexOf(headers) < 0) {
            return null;
        }
        String info = NatsHeaders.get(headers, HEADER);
        if (info == null || info.isEmpty()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(info);
            String r = n == null ? "" : n.path("reply").asString("");
            return r.isEmpty() ? null : r;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code headers} without any {@code Nats-Request-Info} line; {@code null} when nothing else is left (or there
     * were none). The same array when it has no such line.
     */
    static byte[] strip(byte[] headers) {
        int at = indexOf(headers);
        if (at < 0) {
            return headers;
        }
        String text = new String(headers, StandardCharsets.ISO_8859_1);
        StringBuilder b = new StringBuilder(text.length());
        int lineStart = text.indexOf("\r\n") + 2;
        b.append(text, 0, lineStart);
        boolean other = false;
        while (lineStart < text.length()) {
            int end = text.indexOf("\r\n", lineStart);
            end = end < 0 ? text.length() : end + 2;
            if (end - lineStart > 2 && !text.startsWith(HEADER + ":", lineStart)) {
                b.append(text, lineStart, end);
                other = true;
            }
            lineStart = end;
        }
        if (!other && b.toString().equals("NATS/1.0\r\n")) {
            return null;
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] h) {
        if (h == null) {
            return -1;
        }
        outer:
        for (int i = 0; i + KEY.length <= h.length; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (h[i + k] != KEY[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
