package io.natsspring.broker.internal.text;

/** UTF-8 facts about a String without encoding it. */
public final class Utf8 {

    private Utf8() {}

    /**
     * The length of {@code text.getBytes(StandardCharsets.UTF_8)}, without allocating: a valid surrogate pair is 4
     * bytes, an unpaired surrogate 1 (the JDK encodes it as {@code ?}).
     */
    public static int encodedLength(String text) {
        int n = text.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // 4 bytes for the two chars
                i++;
            } else if (Character.isSurrogate(c)) {
                // unpaired: one '?'
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }
}
