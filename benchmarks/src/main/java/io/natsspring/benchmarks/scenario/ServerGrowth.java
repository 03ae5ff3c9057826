package io.natsspring.benchmarks.scenario;

import io.natsspring.benchmarks.measure.ResourceMeter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's resident set and thread count before a population was built, and what they grew by after: the
 * {@code rss_growth_kb}, {@code bytes_per_<unit>} and {@code threads_growth} figures of the scale scenarios. A JVM's
 * RSS includes heap it has not collected yet, so the growth is an upper bound of what the population retains.
 */
final class ServerGrowth {

    private final ResourceMeter meter;
    private final long rssBeforeKb;
    private final long threadsBefore;

    private ServerGrowth(ResourceMeter meter) {
        this.meter = meter;
        this.rssBeforeKb = meter.serverResidentKb();
        this.threadsBefore = meter.serverThreads();
    }

    /** Takes the figures now, before the population is built. */
    static ServerGrowth before(ScenarioContext context) {
        return new ServerGrowth(context.meter());
    }

    /** The growth since {@link #before}, per {@code count} items called {@code unit}; empty when unobservable. */
    Map<String, String> now(String unit, long count) {
        Map<String, String> extra = new LinkedHashMap<>();
        long rss = meter.serverResidentKb();
        long threads = meter.serverThreads();
        if (rss >= 0 && rssBeforeKb >= 0) {
            extra.put("rss_before_kb", Long.toString(rssBeforeKb));
            extra.put("rss_after_kb", Long.toString(rss));
            extra.put("rss_growth_kb", Long.toString(rss - rssBeforeKb));
            extra.put("bytes_per_" + unit, Long.toString((rss - rssBeforeKb) * 1024 / Math.max(1, count)));
        }
        if (threads >= 0 && threadsBefore >= 0) {
            extra.put("threads_after", Long.toString(threads));
            extra.put("threads_growth", Long.toString(threads - threadsBefore));
        }
        return extra;
    }
}
