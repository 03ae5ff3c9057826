package io.natsspring.broker.internal.jetstream.replication;

import io.natsspring.broker.internal.jetstream.stream.NatsHeaders;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Nats-Stream-Source} header {@code nats-server} (2.10+) writes on every sourced message: {@code
 * <stream> <origin seq> <filters> <destinations> <original subject> [<origin identity>]}, where stream, filters and destinations are
 * the source's index name. It is how a stream finds where each source stopped after a restart.
 */
final class SourceHeader {

    static final String NAME = "Nats-Stream-Source";

    private SourceHeader() {}

    /**
     * The header value for a message of origin sequence {@code seq} taken under {@code indexName}, with the origin's
     * identity (2.15) as a sixth field when known ({@code null}: left out, as from an older origin).
     */
    static String value(String indexName, long seq, String originalSubject, String identity) {
        String[] parts = indexName.split(" ", 3);
        String v = parts[0] + " " + seq + " " + parts[1] + " " + parts[2] + " " + originalSubject;
        return identity == null || identity.isEmpty() ? v : v + " " + identity;
    }

    /**
     * Index name, sequence and origin identity from a header value ({@code null} index name for the old two-field
     * form, {@code null} identity when the value has no sixth field).
     */
    record Parsed(String streamName, String indexName, long seq, String identity) {}

    static Parsed parse(String value) {
        if (value == null) {
            return null;
        }
        String[] f = value.split(" ");
        try {
            if (f.length >= 4) {
                return new Parsed(
                        f[0],
                        f[0] + " " + f[2] + " " + f[3],
                        Long.parseUnsignedLong(f[1]),
                        f.length >= 6 ? f[5] : null);
            }
            if (f.length == 2) {
                return new Parsed(f[0], null, Long.parseUnsignedLong(f[1]), null);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    /**
     * The origin's header block without {@code Nats-Stream-Source} (daisy chains), {@code Nats-Expected-*} and
     * {@code Nats-Batch-*} lines, with this source's {@code Nats-Stream-Source} appended.
     */
    static byte[] rewrite(byte[] block, String value) {
        return NatsHeaders.append(strip(block, true), NAME, value);
    }

    /**
     * The header block without {@code Nats-Expected-*} and {@code Nats-Batch-*} lines (and {@code Nats-Stream-Source}
     * when {@code sourceToo}), as a mirror or source stores it; {@code null} stays {@code null}.
     */
    static byte[] strip(byte[] block, boolean sourceToo) {
        byte[] base = null;
        if (block != null && block.length > 0) {
            String text = new String(block, StandardCharsets.UTF_8);
            String[] lines = text.split("\r\n", -1);
            StringBuilder out = new StringBuilder(text.length());
            out.append(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if (line.isEmpty()) {
                    continue;
                }
                int colon = line.indexOf(':');
                String key = colon < 0 ? line : line.substring(0, colon);
                if ((sourceToo && key.equalsIgnoreCase(NAME))
                        || key.regionMatches(true, 0, "Nats-Expected-", 0, 14)
                        || key.regionMatches(true, 0, "Nats-Batch-", 0, 11)) {
                    continue;
                }
                out.append(line).append("\r\n");
            }
            out.append("\r\n");
            base = out.toString().getBytes(StandardCharsets.UTF_8);
        }
        return base;
    }
}
