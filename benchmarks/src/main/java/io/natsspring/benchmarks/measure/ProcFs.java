package io.natsspring.benchmarks.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the Linux {@code /proc} figures the bench needs: a process's CPU time and resident memory, and the
 * machine's busy CPU time. Every figure is -1 when the file is missing or unreadable (not Linux, process gone).
 */
public final class ProcFs {

    private final Path root;

    public ProcFs(Path root) {
        this.root = root;
    }

    /** The real {@code /proc}. */
    public static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    /** utime + stime of a process (all its threads), in clock ticks; {@code pid} may be {@code "self"}. */
    public long processCpuTicks(String pid) {
        String stat = read(root.resolve(pid).resolve("stat"));
        return stat == null ? -1 : cpuTicksOfStatLine(stat);
    }

    /** VmRSS of a process in KiB. */
    public long residentKb(String pid) {
        return statusKb(pid, "VmRSS:");
    }

    /** VmHWM (peak resident set since the process started) in KiB. */
    public long peakResidentKb(String pid) {
        return statusKb(pid, "VmHWM:");
    }

    /** The number of threads of a process. */
    public long threads(String pid) {
        return statusKb(pid, "Threads:");
    }

    /** Ticks every CPU has spent busy since boot: user, nice, system, irq, softirq and steal. */
    public long busyTicks() {
        String stat = read(root.resolve("stat"));
        return stat == null ? -1 : busyTicksOfCpuLine(stat.lines().findFirst().orElse(""));
    }

    /** utime (field 14) + stime (field 15); the command name in parentheses may itself hold spaces and ')'. */
    static long cpuTicksOfStatLine(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3].
        if (f.length < 13) {
            return -1;
        }
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Sum of the busy columns of the aggregate {@code cpu} line of {@code /proc/stat}. */
    static long busyTicksOfCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 9 || !f[0].equals("cpu")) {
            return -1;
        }
        // cpu user nice system idle iowait irq softirq steal [guest guest_nice] (guest is already in user)
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(f[i]);
        }
        return busy;
    }

    private long statusKb(String pid, String key) {
        String status = read(root.resolve(pid).resolve("status"));
        if (status == null) {
            return -1;
        }
        List<String> lines = status.lines().filter(l -> l.startsWith(key)).toList();
        if (lines.isEmpty()) {
            return -1;
        }
        String[] f = lines.get(0).substring(key.length()).trim().split("\\s+");
        return Long.parseLong(f[0]);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
