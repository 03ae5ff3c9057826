package io.natsspring.broker.internal.jetstream.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Edits of a raw NATS header block as {@code nats-server} makes them on stored messages: replace a value in place
 * (or append the key), remove a key, remove every key with a prefix. Keys match exactly. A block left with no keys
 * becomes {@code null}.
 */
final class HeaderEdits {

    private HeaderEdits() {}

    /** {@code key}'s first value replaced ({@code Key:value}), or {@code Key: value} appended when absent. */
    static byte[] set(byte[] block, String key, String value) {
        List<String> lines = lines(block);
        for (int i = 1; i < lines.size(); i++) {
            if (keyOf(lines.get(i)).equals(key)) {
                lines.set(i, key + ":" + value); // nats-server's setHeader drops the space

                return join(lines);
            }
        }
        return NatsHeaders.append(block, key, value);
    }

    /** The block without any line of {@code key}. */
    static byte[] remove(byte[] block, String key) {
        if (block == null || NatsHeaders.get(block, key) == null) {
            return block;
        }
        List<String> lines = lines(block);
        lines.removeIf(l -> l != lines.get(0) && keyOf(l).equals(key));
        return join(lines);
    }

    /** The block without any line whose key starts with {@code prefix}. */
    static byte[] removePrefix(byte[] block, String prefix) {
        if (block == null || !containsLineStart(block, prefix)) {
            return block;
        }
        List<String> lines = lines(block);
        String first = lines.get(0);
        lines.removeIf(l -> l != first && keyOf(l).startsWith(prefix));
        return join(lines);
    }

    /** Whether some header line starts with {@code prefix} (ASCII), without decoding the block. */
    private static boolean containsLineStart(byte[] block, String prefix) {
        int n = prefix.length();
        for (int i = 1; i + n < block.length; i++) {
            if (block[i - 1] != '\n') {
                continue;
            }
            boolean match = true;
            for (int j = 0; j < n && match; j++) {
                match = block[i + j] == prefix.charAt(j);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lines(byte[] block) {
        List<String> out = new ArrayList<>();
        if (block == null || block.length < 4) {
            out.add("NATS/1.0");
            return out;
        }
        String text = new String(block, StandardCharsets.UTF_8);
        for (String l : text.split("\r\n")) {
            if (!l.isEmpty() || out.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    private static String keyOf(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(0, colon);
    }

    private static byte[] join(List<String> lines) {
        if (lines.size() <= 1) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
