package io.natsspring.benchmarks.measure;

import java.util.List;

/**
 * Measures spans of a scenario: wall time, the server's and this process's CPU time, the rest of the machine's
 * busy time, and the server's resident set. One meter per target; spans may not overlap. The other load is what
 * neither this process nor any of the servers under test (also the idle ones) used.
 */
public final class ResourceMeter {

    private final ProcFs proc;
    private final String serverPid;
    private final List<String> otherServerPids;
    private final long nanosPerTick;
    private final int cpus;

    /**
     * {@code serverPid} is null when the server is not a local process the bench can observe;
     * {@code otherServerPids} are the other targets' servers, idle during this meter's spans.
     */
    public ResourceMeter(ProcFs proc, String serverPid, List<String> otherServerPids, long nanosPerTick, int cpus) {
        this.proc = proc;
        this.serverPid = serverPid;
        this.otherServerPids = List.copyOf(otherServerPids);
        this.nanosPerTick = nanosPerTick;
        this.cpus = cpus;
    }

    /** The server's resident set now in KiB, or -1 when the server is not observable. */
    public long serverResidentKb() {
        return serverPid == null ? -1 : proc.residentKb(serverPid);
    }

    /** The server's thread count now, or -1 when the server is not observable. */
    public long serverThreads() {
        return serverPid == null ? -1 : proc.threads(serverPid);
    }

    /** Starts a span now. */
    public Span begin() {
        return new Span();
    }

    /** One measured interval; {@link #end()} once. */
    public final class Span {
        private final long serverTicks = serverPid == null ? -1 : proc.processCpuTicks(serverPid);
        private final long clientTicks = proc.processCpuTicks("self");
        private final long idleServerTicks = idleServerTicks();
        private final long busyTicks = proc.busyTicks();
        private final long startNanos = System.nanoTime();

        private Span() {}

        /** Ends the span and reports its cost. */
        public ResourceUsage end() {
            long wall = System.nanoTime() - startNanos;
            long server = delta(serverTicks, serverPid == null ? -1 : proc.processCpuTicks(serverPid));
            long client = delta(clientTicks, proc.processCpuTicks("self"));
            long busy = delta(busyTicks, proc.busyTicks());
            long idleServers = Math.max(0, delta(idleServerTicks, idleServerTicks()));
            double other = -1;
            if (busy >= 0 && client >= 0 && wall > 0) {
                long unaccounted = Math.max(0, busy - client - Math.max(0, server) - idleServers);
                other = 100.0 * unaccounted * nanosPerTick / ((double) wall * cpus);
            }
            long rss = serverPid == null ? -1 : proc.residentKb(serverPid);
            return new ResourceUsage(
                    wall, server < 0 ? -1 : server * nanosPerTick, client < 0 ? -1 : client * nanosPerTick, other, rss);
        }

        private long idleServerTicks() {
            long sum = 0;
            for (String pid : otherServerPids) {
                sum += Math.max(0, proc.processCpuTicks(pid));
            }
            return sum;
        }

        private static long delta(long before, long after) {
            return before < 0 || after < 0 ? -1 : after - before;
        }
    }
}
