package io.natsspring.broker.internal.auth;

/**
 * Blowfish with the expensive key schedule of bcrypt ("eksblowfish"): the state starts from the digits of pi
 * and is then repeatedly re-keyed with the password and the salt. Not thread-safe; one instance per hash.
 */
final class EksBlowfish {

    private static final int ROUNDS = 16;
    private static final int P_WORDS = ROUNDS + 2;
    private static final int S_WORDS = 4 * 256;
    private static final int[] INITIAL_WORDS = PiDigits.fractionWords(P_WORDS + S_WORDS);

    private final int[] p = new int[P_WORDS];
    private final int[] s = new int[S_WORDS];

    EksBlowfish() {
        System.arraycopy(INITIAL_WORDS, 0, p, 0, P_WORDS);
        System.arraycopy(INITIAL_WORDS, P_WORDS, s, 0, S_WORDS);
    }

    /** The first words of the initial state: the P-array followed by the four S-boxes. */
    static int[] initialWords() {
        return INITIAL_WORDS.clone();
    }

    /** Key schedule of bcrypt's setup step: mixes in {@code key} and, while encrypting, {@code salt}. */
    void expandKey(byte[] key, byte[] salt) {
        mixKeyIntoP(key);
        int[] block = new int[2];
        int[] saltPosition = {0};
        for (int i = 0; i < P_WORDS; i += 2) {
            block[0] ^= nextWord(salt, saltPosition);
            block[1] ^= nextWord(salt, saltPosition);
            encrypt(block, 0);
            p[i] = block[0];
            p[i + 1] = block[1];
        }
        for (int i = 0; i < S_WORDS; i += 2) {
            block[0] ^= nextWord(salt, saltPosition);
            block[1] ^= nextWord(salt, saltPosition);
            encrypt(block, 0);
            s[i] = block[0];
            s[i + 1] = block[1];
        }
    }

    /** The plain Blowfish key schedule, applied to the current state. */
    void expandKey(byte[] key) {
        mixKeyIntoP(key);
        int[] block = new int[2];
        for (int i = 0; i < P_WORDS; i += 2) {
            encrypt(block, 0);
            p[i] = block[0];
            p[i + 1] = block[1];
        }
        for (int i = 0; i < S_WORDS; i += 2) {
            encrypt(block, 0);
            s[i] = block[0];
            s[i + 1] = block[1];
        }
    }

    private void mixKeyIntoP(byte[] key) {
        int[] keyPosition = {0};
        for (int i = 0; i < P_WORDS; i++) {
            p[i] ^= nextWord(key, keyPosition);
        }
    }

    /** Encrypts the 64-bit block held as two big-endian words at {@code words[offset]} in place. */
    void encrypt(int[] words, int offset) {
        int left = words[offset] ^ p[0];
        int right = words[offset + 1];
        for (int i = 1; i < ROUNDS; i += 2) {
            right ^= feistel(left) ^ p[i];
            left ^= feistel(right) ^ p[i + 1];
        }
        words[offset] = right ^ p[ROUNDS + 1];
        words[offset + 1] = left;
    }

    private int feistel(int x) {
        int[] box = s;
        return ((box[x >>> 24] + box[0x100 | (x >>> 16) & 0xff]) ^ box[0x200 | (x >>> 8) & 0xff])
                + box[0x300 | x & 0xff];
    }

    /** The next big-endian word of {@code data} read cyclically from {@code position[0]}, which advances. */
    private static int nextWord(byte[] data, int[] position) {
        int pos = position[0];
        int word = 0;
        for (int i = 0; i < 4; i++) {
            word = word << 8 | data[pos] & 0xff;
            pos = pos + 1 == data.length ? 0 : pos + 1;
        }
        position[0] = pos;
        return word;
    }
}
