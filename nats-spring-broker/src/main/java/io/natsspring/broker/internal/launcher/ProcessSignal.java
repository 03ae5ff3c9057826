package io.natsspring.broker.internal.launcher;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --signal <command>[=<pid>]}, as {@code nats-server --signal}: sends the command's signal ({@code reload}:
 * {@code SIGHUP}) to the broker with that process id, or to the one broker running on this machine when no id is
 * given. Signals are sent with the system's {@code kill} command (the JDK can only send TERM and KILL).
 */
final class ProcessSignal {

    private static final String PROCESS = "nats-spring-broker";
    private static final Map<String, String> SIGNALS =
            Map.of("reload", "HUP", "quit", "INT", "term", "TERM", "stop", "KILL", "reopen", "USR1", "ldm", "USR2");

    private ProcessSignal() {}

    /** @throws IllegalArgumentException with nats-server's message when the command, pid or process is wrong */
    static void send(String expression) {
        String[] parts = expression.split("=", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException(
                    "invalid signal parameters: " + List.of(parts).subList(2, parts.length));
        }
        String command = parts[0];
        String signal = SIGNALS.get(command);
        if (signal == null) {
            throw new IllegalArgumentException("unknown signal \"" + command + "\"");
        }
        long pid;
        if (parts.length == 2 && !parts[1].isEmpty()) {
            try {
                pid = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid pid: " + parts[1]);
            }
        } else {
            pid = runningBroker();
        }
        kill(signal, pid, command);
    }

    private static long runningBroker() {
        long self = ProcessHandle.current().pid();
        List<Long> pids = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().map(ProcessSignal::isBroker).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
        if (pids.isEmpty()) {
            throw new IllegalArgumentException("no " + PROCESS + " processes running");
        }
        if (pids.size() > 1) {
            StringBuilder b = new StringBuilder("multiple " + PROCESS + " processes running:");
            pids.forEach(p -> b.append('\n').append(p));
            throw new IllegalArgumentException(b.toString());
        }
        return pids.get(0);
    }

    private static boolean isBroker(String commandLine) {
        return commandLine.contains(BrokerMain.class.getName())
                || commandLine.contains(PROCESS + ".jar")
                || commandLine.matches(".*" + PROCESS + "[^/ ]*\\.jar.*");
    }

    private static void kill(String signal, long pid, String command) {
        try {
            Process p = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalArgumentException("signal \"" + command + "\" " + pid + ": kill did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalArgumentException("signal \"" + command + "\" " + pid + ": " + output);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("signal \"" + command + "\" " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("signal \"" + command + "\" " + pid + ": interrupted", e);
        }
    }
}
