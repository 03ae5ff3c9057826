package io.natsspring.broker.internal.launcher;

import static java.lang.System.Logger.Level.INFO;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import io.natsspring.broker.internal.launcher.config.ConfigException;
import io.natsspring.broker.internal.server.BrokerVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.ToIntFunction;

/**
 * The standalone broker: {@code java -jar nats-spring-broker.jar [flags]} (see {@link BrokerCommandLine}).
 * Runs until SIGINT/SIGTERM, then closes the broker gracefully. Exit code 1 for bad flags, a bad
 * configuration file or a failed start.
 */
public final class BrokerMain {

    private static final String PROGRAM = "nats-spring-broker";
    private static final String LOG_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private BrokerMain() {}

    public static void main(String[] args) {
        if (System.getProperty(LOG_FORMAT_PROPERTY) == null) {
            System.setProperty(LOG_FORMAT_PROPERTY, "[%1$tF %1$tT.%1$tL] [%4$s] %5$s%6$s%n");
        }
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the broker as the command line says and waits for it to stop; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, options -> serve(options, err));
    }

    /** Everything up to starting: flags, help, version, configuration file; then hands the options to {@code server}. */
    static int run(String[] args, PrintStream out, PrintStream err, ToIntFunction<BrokerOptions> server) {
        BrokerCommandLine commandLine;
        try {
            commandLine = BrokerCommandLine.parse(args);
        } catch (BrokerCommandLine.InvalidArgumentsException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            err.print(BrokerCommandLine.usage());
            return 1;
        }
        if (commandLine.helpRequested()) {
            out.print(BrokerCommandLine.usage());
            return 0;
        }
        if (commandLine.versionRequested()) {
            out.println(versionLine());
            return 0;
        }
        BrokerOptions options;
        try {
            options = options(commandLine);
        } catch (ConfigException e) {
            err.println(PROGRAM + ": configuration error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(PROGRAM + ": invalid options: " + e.getMessage());
            return 1;
        }
        return server.applyAsInt(options);
    }

    static String versionLine() {
        return PROGRAM + " version " + BrokerVersion.brokerVersion() + " (nats-server "
                + BrokerVersion.NATS_SERVER_VERSION + " protocol compatible)";
    }

    /** The configuration file's options (warnings are logged while loading it), with the flags on top. */
    private static BrokerOptions options(BrokerCommandLine commandLine) {
        BrokerOptions.Builder builder = BrokerOptions.builder();
        if (commandLine.configFile().isPresent()) {
            Path file = commandLine.configFile().get();
            log().log(INFO, "Using configuration file: " + file);
            builder = BrokerConfigFile.load(file).options().toBuilder();
        }
        return commandLine.applyTo(builder).build();
    }

    private static int serve(BrokerOptions options, PrintStream err) {
        System.Logger log = log();
        log.log(INFO, "Starting " + versionLine());
        NatsBroker broker = new NatsBroker(options);
        try {
            broker.start();
        } catch (Exception e) {
            err.println(PROGRAM + ": failed to start: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            broker.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            logDuringShutdown(log, err, "Initiating shutdown");
                            broker.close();
                            logDuringShutdown(log, err, "Server Exiting..");
                            stopped.countDown();
                        },
                        PROGRAM + "-shutdown"));
        log.log(INFO, "Server is ready: listening for client connections on " + options.host() + ":" + broker.port());
        awaitUninterruptibly(stopped);
        return 0;
    }

    /**
     * Logs from a shutdown hook. The JDK's own hook resets java.util.logging concurrently, which silently drops
     * later records; when that has happened the line goes to {@code err} instead.
     */
    private static void logDuringShutdown(System.Logger log, PrintStream err, String message) {
        log.log(INFO, message);
        if (java.util.logging.Logger.getLogger("").getHandlers().length == 0) {
            err.println(message);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static System.Logger log() {
        return System.getLogger(BrokerMain.class.getName());
    }
}
