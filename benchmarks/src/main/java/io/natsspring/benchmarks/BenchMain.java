package io.natsspring.benchmarks;

import picocli.CommandLine;

/**
 * The bench CLI: {@code java -jar benchmarks.jar --url nats://127.0.0.1:4222 --server-pid 1234 --scenario pubsub_1to1}.
 * See {@link BenchCommand} or {@code --help}. JMH runs from the same jar: {@code java -cp benchmarks.jar
 * org.openjdk.jmh.Main}.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The picocli command line: bad options print the error and the usage to stderr and exit with 1. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("bench: " + e.getMessage());
            cmd.usage(cmd.getErr());
            return 1;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("bench: " + e);
            e.printStackTrace(cmd.getErr());
            return 1;
        });
        return commandLine;
    }
}
