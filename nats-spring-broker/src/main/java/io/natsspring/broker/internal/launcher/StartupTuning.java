package io.natsspring.broker.internal.launcher;

import java.util.List;
import java.util.function.Function;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What the standalone broker does before anything else to shorten its cold start, each with the same observable
 * result as before (docs/benchmarks.md, "Cold start: what bounds it"):
 *
 * <ul>
 *   <li>log lines through {@link BrokerLogFormatter} instead of {@link SimpleFormatter} with a format pattern
 *       (same text, without {@link java.util.Formatter} and the CLDR locale data it loads); a
 *       {@code java.util.logging.SimpleFormatter.format} system property, or a formatter of one's own in a logging
 *       configuration, is used as before;
 *   <li>{@code io.netty.jfr.enabled=false}: Netty's buffer-allocation JFR events are off, so Netty does not load
 *       {@code jdk.jfr} while it starts (set the property to {@code true} to have them);
 *   <li>{@code io.netty.ignoreMaxDirectMemorySize=true} when no {@code -XX:MaxDirectMemorySize} is given: Netty then
 *       takes {@link Runtime#maxMemory()} as the direct-memory limit, which is the JVM's own default, instead of
 *       reading the JVM's arguments through {@code java.lang.management} (about 200 classes) to look for it.
 * </ul>
 */
final class StartupTuning {

    static final String LOG_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
    static final String NETTY_JFR = "io.netty.jfr.enabled";
    static final String NETTY_IGNORE_MAX_DIRECT = "io.netty.ignoreMaxDirectMemorySize";

    private static final List<String> JVM_OPTION_VARIABLES =
            List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    private StartupTuning() {}

    /** Applies all of the above to this process. */
    static void apply() {
        String[] jvmArgs = ProcessHandle.current().info().arguments().orElse(null);
        applyNettyDefaults(jvmArgs, System::getenv);
        plainLogLines();
    }

    /**
     * Sets the two Netty properties unless already set; {@code jvmArgs} is this process's command line (null when
     * unknown: then the direct-memory limit is left to Netty's own search).
     */
    static void applyNettyDefaults(String[] jvmArgs, Function<String, String> env) {
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        if (System.getProperty(NETTY_IGNORE_MAX_DIRECT) == null && !mayLimitDirectMemory(jvmArgs, env)) {
            System.setProperty(NETTY_IGNORE_MAX_DIRECT, "true");
        }
    }

    /** Whether the JVM may have been given {@code -XX:MaxDirectMemorySize}, anywhere a JVM option can come from. */
    static boolean mayLimitDirectMemory(String[] jvmArgs, Function<String, String> env) {
        if (jvmArgs == null) {
            return true;
        }
        for (String arg : jvmArgs) {
            if (arg.contains("MaxDirectMemorySize")
                    || arg.startsWith("@")
                    || arg.contains("VMOptionsFile")
                    || arg.startsWith("-XX:Flags")) {
                return true;
            }
        }
        for (String name : JVM_OPTION_VARIABLES) {
            String value = env.apply(name);
            if (value != null && (value.contains("MaxDirectMemorySize") || value.contains("@"))) {
                return true;
            }
        }
        return false;
    }

    /** Replaces the pattern-based {@link SimpleFormatter} of the root logger's handlers by {@link BrokerLogFormatter}. */
    static void plainLogLines() {
        if (System.getProperty(LOG_FORMAT_PROPERTY) != null) {
            return;
        }
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            Formatter formatter = handler.getFormatter();
            if (formatter != null && formatter.getClass() == SimpleFormatter.class) {
                handler.setFormatter(new BrokerLogFormatter());
            }
        }
    }
}
