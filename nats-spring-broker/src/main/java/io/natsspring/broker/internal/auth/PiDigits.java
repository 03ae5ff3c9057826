package io.natsspring.broker.internal.auth;

import java.math.BigInteger;

/**
 * Hexadecimal digits of the fractional part of pi, computed with Machin's formula
 * {@code pi = 16 atan(1/5) - 4 atan(1/239)}; each arctangent series is summed exactly as a fraction by
 * binary splitting, then divided once. Blowfish takes its initial P-array and S-boxes from these digits.
 */
final class PiDigits {

    private static final int GUARD_BITS = 32;

    private PiDigits() {
    }

    /** The first {@code count} 32-bit words of the fractional part of pi, most significant first. */
    static int[] fractionWords(int count) {
        int fractionBits = count * 32;
        int scale = fractionBits + GUARD_BITS;
        BigInteger pi = arctanOfReciprocal(5, scale).shiftLeft(4)
                .subtract(arctanOfReciprocal(239, scale).shiftLeft(2));
        BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(scale)).shiftRight(GUARD_BITS);
        byte[] magnitude = fraction.toByteArray();
        byte[] bytes = new byte[count * 4];
        int copy = Math.min(magnitude.length, bytes.length);
        System.arraycopy(magnitude, magnitude.length - copy, bytes, bytes.length - copy, copy);
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            int b = i * 4;
            words[i] = (bytes[b] & 0xff) << 24 | (bytes[b + 1] & 0xff) << 16
                    | (bytes[b + 2] & 0xff) << 8 | (bytes[b + 3] & 0xff);
        }
        return words;
    }

    /**
     * {@code floor(atan(1/x) * 2^scale)} within one unit: the series {@code sum (-1)^k / ((2k+1) x^(2k+1))}
     * is cut where terms drop below {@code 2^-scale}.
     */
    private static BigInteger arctanOfReciprocal(int x, int scale) {
        double bitsPerTerm = 2 * Math.log(x) / Math.log(2);
        int terms = (int) Math.ceil(scale / bitsPerTerm) + 1;
        BigInteger xSquared = BigInteger.valueOf((long) x * x);
        Partial sum = split(0, terms, xSquared);
        BigInteger denominator = sum.denominator.multiply(BigInteger.valueOf(x)).multiply(xSquared.pow(terms - 1));
        return sum.numerator.shiftLeft(scale).divide(denominator);
    }

    /**
     * The partial sum {@code sum_{k=from}^{to-1} (-1)^k y^(to-1-k) / (2k+1)} as {@code numerator/denominator},
     * along with {@code y^(to-from)} for joining ranges.
     */
    private static Partial split(int from, int to, BigInteger y) {
        if (to - from == 1) {
            BigInteger sign = (from & 1) == 0 ? BigInteger.ONE : BigInteger.ONE.negate();
            return new Partial(sign, BigInteger.valueOf(2L * from + 1), y);
        }
        int mid = (from + to) >>> 1;
        Partial left = split(from, mid, y);
        Partial right = split(mid, to, y);
        BigInteger numerator = left.numerator.multiply(right.denominator).multiply(right.yPower)
                .add(right.numerator.multiply(left.denominator));
        return new Partial(numerator, left.denominator.multiply(right.denominator), left.yPower.multiply(right.yPower));
    }

    private record Partial(BigInteger numerator, BigInteger denominator, BigInteger yPower) {
    }
}
