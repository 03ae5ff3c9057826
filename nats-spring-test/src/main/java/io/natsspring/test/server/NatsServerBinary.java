package io.natsspring.test.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the {@code nats-server} binary for tests: {@code $NATS_SERVER_BIN} when set, else the newest version
 * unpacked under {@code /opt/nats/<version>/usr/sbin/nats-server} (what {@code .ci/install-nats-servers.sh}
 * installs), else {@code nats-server} on the {@code PATH}, else Debian's {@code /usr/sbin/nats-server}.
 */
public final class NatsServerBinary {

    /** The environment variable naming the binary to use. */
    public static final String ENV = "NATS_SERVER_BIN";

    static final Path OPT_NATS = Path.of("/opt/nats");

    private NatsServerBinary() {}

    /** The binary to use, or empty when none is installed. */
    public static Optional<Path> find() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(ENV + "=" + configured + " is not an executable file");
            }
            return Optional.of(path);
        }
        return newestUnder(OPT_NATS)
                .or(NatsServerBinary::onPath)
                .or(() -> Optional.of(Path.of("/usr/sbin/nats-server")).filter(Files::isExecutable));
    }

    /** The environment variable naming the oldest binary to test against (the remote-mode matrix). */
    public static final String OLDEST_ENV = "NATS_SERVER_OLDEST_BIN";

    /**
     * The oldest installed binary, for the remote-mode test matrix: {@code $NATS_SERVER_OLDEST_BIN} when set, else
     * the lowest version (by {@code --version}) among {@code /opt/nats/<version>/usr/sbin/nats-server}, the
     * {@code PATH} and Debian's {@code /usr/sbin/nats-server} (2.9.10 on bookworm, as CI installs it); empty when
     * none is installed.
     */
    public static Optional<Path> oldest() {
        String configured = System.getenv(OLDEST_ENV);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(OLDEST_ENV + "=" + configured + " is not an executable file");
            }
            return Optional.of(path);
        }
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(OPT_NATS)) {
            try (Stream<Path> versions = Files.list(OPT_NATS)) {
                versions.map(v -> v.resolve("usr/sbin/nats-server"))
                        .filter(Files::isExecutable)
                        .forEach(candidates::add);
            } catch (java.io.IOException ignored) {
                // none there
            }
        }
        onPath().ifPresent(candidates::add);
        Optional.of(Path.of("/usr/sbin/nats-server"))
                .filter(Files::isExecutable)
                .ifPresent(candidates::add);
        return candidates.stream()
                .filter(p -> !version(p).isEmpty())
                .min(Comparator.comparing(p -> versionKey(version(p)), NatsServerBinary::compare));
    }

    /** The version a binary reports ({@code nats-server --version}: {@code "2.9.10"}), or empty when it fails. */
    public static String version(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("v?(\\d+\\.\\d+\\.\\d+)").matcher(out);
            return m.find() ? m.group(1) : "";
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The newest {@code <root>/<version>/usr/sbin/nats-server}, comparing versions numerically. */
    static Optional<Path> newestUnder(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("usr/sbin/nats-server")))
                    .max(Comparator.comparing(v -> versionKey(v.getFileName().toString()), NatsServerBinary::compare))
                    .map(v -> v.resolve("usr/sbin/nats-server"));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "nats-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** {@code "2.10.18"} → {@code [2, 10, 18]}; non-numeric parts count as 0. */
    static List<Integer> versionKey(String version) {
        List<Integer> key = new ArrayList<>();
        for (String part : version.split("[.+~-]")) {
            try {
                key.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                key.add(0);
            }
        }
        return key;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
