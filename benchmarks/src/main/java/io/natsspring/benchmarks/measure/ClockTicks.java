package io.natsspring.benchmarks.measure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The kernel's clock tick ({@code getconf CLK_TCK}, the unit of {@code /proc} CPU times); 100 Hz if unknown. */
public final class ClockTicks {

    private static final long DEFAULT_HZ = 100;

    private ClockTicks() {}

    /** Nanoseconds per clock tick. */
    public static long nanosPerTick() {
        return TimeUnit.SECONDS.toNanos(1) / hertz();
    }

    static long hertz() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            try (InputStream in = p.getInputStream()) {
                String out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    long hz = Long.parseLong(out);
                    return hz > 0 ? hz : DEFAULT_HZ;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_HZ;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_HZ;
    }
}
