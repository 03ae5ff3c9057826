package io.natsspring.broker.internal.launcher;

import java.util.Map;

/**
 * The signal HotSpot (on Linux and the other POSIX systems) sends to a thread to suspend it, for JFR's method sampler
 * among others: {@code SIGUSR2} (12) unless the environment variable {@code _JAVA_SR_SIGNUM} names another one in
 * {@code [12, 64]} (read as HotSpot reads it: the leading decimal digits). While it is {@code SIGUSR2}, a Java handler
 * for {@code SIGUSR2} replaces HotSpot's: every JFR method sample then reaches that handler (and is lost), so a
 * lame-duck handler on {@code SIGUSR2} would stop the broker as soon as JFR samples. {@code bin/nats-spring-broker}
 * exports {@code _JAVA_SR_SIGNUM} for this reason.
 */
final class VmSuspendSignal {

    /** {@code SIGUSR2}: HotSpot's default. */
    static final int SIGUSR2 = 12;

    /** The environment variable HotSpot reads its suspend/resume signal from. */
    static final String ENVIRONMENT = "_JAVA_SR_SIGNUM";

    private static final int MAX = 64;

    private VmSuspendSignal() {}

    /** The suspend/resume signal number a HotSpot VM started with this environment uses. */
    static int number(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT);
        if (value == null) {
            return SIGUSR2;
        }
        // strtol(s, 0, 10): leading blanks, an optional sign, then the digits; anything else ends the number
        String s = value.strip();
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long n = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && n <= MAX) {
            n = n * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (negative) {
            n = -n;
        }
        return n >= SIGUSR2 && n <= MAX ? (int) n : SIGUSR2;
    }

    /** Whether this VM suspends threads with {@code SIGUSR2}, so that a Java handler for it takes JFR's samples. */
    static boolean isUsr2(Map<String, String> environment) {
        return number(environment) == SIGUSR2;
    }
}
