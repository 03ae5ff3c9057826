package io.natsspring.broker.internal.launcher;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import io.natsspring.broker.internal.launcher.config.ConfigException;
import io.natsspring.broker.internal.server.BrokerVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The standalone broker: {@code java -jar nats-spring-broker.jar [flags]} (see {@link BrokerCommandLine}).
 * Runs until SIGINT/SIGTERM, then closes the broker gracefully (it drains: see {@link NatsBroker#close()}), or
 * until lame-duck mode, started by SIGUSR2 ({@code --signal ldm}), ends; SIGHUP re-reads the configuration file ({@link
 * io.natsspring.broker.NatsBroker#reload}). Exit code 1 for bad flags, a bad
 * configuration file or a failed start.
 */
public final class BrokerMain {

    private static final String PROGRAM = "nats-spring-broker";

    private BrokerMain() {}

    public static void main(String[] args) {
        StartupTuning.apply();
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the broker as the command line says and waits for it to stop; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, (options, reread) -> serve(options, reread, err));
    }

    /** Everything up to starting: flags, help, version, configuration file; then hands the options to {@code server}. */
    static int run(String[] args, PrintStream out, PrintStream err, ToIntFunction<BrokerOptions> server) {
        return run(args, out, err, (options, reread) -> server.applyAsInt(options));
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream, ToIntFunction)}; {@code server} also gets what re-reads
     * the configuration file with the flags on top, for a reload.
     */
    static int run(
            String[] args,
            PrintStream out,
            PrintStream err,
            BiFunction<BrokerOptions, Supplier<BrokerOptions>, Integer> server) {
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
        if (commandLine.signal().isPresent()) {
            try {
                ProcessSignal.send(commandLine.signal().get());
                return 0;
            } catch (IllegalArgumentException e) {
                err.println(PROGRAM + ": " + e.getMessage());
                return 1;
            }
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
        BrokerCommandLine flags = commandLine;
        return server.apply(options, () -> reread(flags));
    }

    /**
     * The configuration file read again, the flags on top, for a reload.
     *
     * @throws IllegalArgumentException without a configuration file, or for a bad one (naming file, line and key)
     */
    private static BrokerOptions reread(BrokerCommandLine commandLine) {
        if (commandLine.configFile().isEmpty()) {
            throw new IllegalArgumentException("can only reload config when a file is provided using -c or --config");
        }
        return options(commandLine);
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

    private static int serve(BrokerOptions options, Supplier<BrokerOptions> reread, PrintStream err) {
        System.Logger log = log();
        log.log(INFO, "Starting " + versionLine());
        NatsBroker broker;
        try {
            broker = new NatsBroker(options).reloadSource(reread);
        } catch (IllegalArgumentException e) {
            // as nats-server's start-up errors (TLS material, OCSP staple...)
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
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
        if (!HangupSignal.install(() -> reload(broker, reread))) {
            log.log(INFO, "SIGHUP is not available on this JVM: reload the configuration with NatsBroker.reload");
        }
        if (!HangupSignal.install("USR2", lameDuckSignal(broker, VmSuspendSignal.isUsr2(System.getenv())))) {
            log.log(INFO, "SIGUSR2 is not available on this JVM: lame duck mode through NatsBroker.enterLameDuckMode");
        }
        broker.terminated().thenRun(stopped::countDown);
        log.log(INFO, "Server is ready: listening for client connections on " + options.host() + ":" + broker.port());
        JsonWarmUp.start();
        awaitUninterruptibly(stopped);
        return 0;
    }

    /**
     * The {@code SIGUSR2} handler. When the VM suspends threads with {@code SIGUSR2} too ({@code _JAVA_SR_SIGNUM} not
     * set to another signal, see {@link VmSuspendSignal}), every JFR method sample reaches this handler: while a
     * sampling recording runs, the signal is ignored (with one warning) rather than starting lame-duck mode. Still
     * trapped in that case: without a Java handler a {@code kill -USR2} reaches HotSpot's own handler, which on JDK 17
     * can crash the VM.
     */
    static Runnable lameDuckSignal(NatsBroker broker, boolean vmSuspendsWithUsr2) {
        if (!vmSuspendsWithUsr2) {
            return () -> enterLameDuckMode(broker);
        }
        AtomicBoolean warned = new AtomicBoolean();
        return () -> {
            if (!JfrMethodSampling.isRunning()) {
                enterLameDuckMode(broker);
            } else if (warned.compareAndSet(false, true)) {
                log().log(
                                WARNING,
                                "Ignoring SIGUSR2 while JFR samples methods: this JVM suspends threads with SIGUSR2 ("
                                        + VmSuspendSignal.ENVIRONMENT
                                        + " unset), so JFR's samples arrive as SIGUSR2 and are lost. Start the broker"
                                        + " with bin/nats-spring-broker or " + VmSuspendSignal.ENVIRONMENT
                                        + "=39 to profile it and enter lame duck mode with SIGUSR2 (--signal ldm)");
            }
        };
    }

    /** Lame-duck mode, as nats-server on SIGUSR2; the process exits when it ends. */
    static void enterLameDuckMode(NatsBroker broker) {
        log().log(INFO, "Trapped \"user defined signal 2\" signal");
        broker.enterLameDuckMode();
    }

    /** Re-reads the configuration file and applies it, as nats-server does on SIGHUP; a failure only logs. */
    static void reload(NatsBroker broker, Supplier<BrokerOptions> reread) {
        System.Logger log = log();
        log.log(INFO, "Trapped \"hangup\" signal");
        try {
            broker.reload(reread.get());
        } catch (RuntimeException e) {
            log.log(ERROR, "Failed to reload server configuration: " + e.getMessage());
        }
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
