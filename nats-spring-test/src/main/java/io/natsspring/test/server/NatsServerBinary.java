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
