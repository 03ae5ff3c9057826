package io.natsspring.broker.it.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential protocol fuzzing (issue 19, defect 5): the regression table {@code protocol-cases.txt} plus seeded
 * mutations of valid operations are sent over raw sockets to our broker and to nats-server 2.15.1; what a client
 * observes (answer lines, connection kept or closed, PONG to a later PING) must be the same. Skipped without the
 * reference binary. {@code -Dprotocol.fuzz.generated=N} changes how many mutated cases run (default 400),
 * {@code -Dprotocol.fuzz.seed=S} the seed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProtocolFuzzDifferentialTest {

    private static final int GENERATED = Integer.getInteger("protocol.fuzz.generated", 400);
    private static final long SEED = Long.getLong("protocol.fuzz.seed", 19L);
    /** Wildcard cases run one at a time in this many lanes, each with a pair of servers of its own. */
    private static final int WILDCARD_LANES = 2;

    @TempDir
    Path dir;

    @Test
    void ourBrokerAnswersEveryCaseAsNatsServer() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not installed");
        List<Case> cases = new ArrayList<>(ProtocolCases.table());
        cases.addAll(ProtocolCases.generated(new Random(SEED), GENERATED));
        // each case publishes on its own subject (foo is replaced) and runs beside the others; cases with wildcards
        // could see the messages of others, so they run one at a time, in lanes with servers of their own
        List<Case> plain = new ArrayList<>();
        List<List<Case>> lanes = new ArrayList<>();
        for (int l = 0; l < WILDCARD_LANES; l++) {
            lanes.add(new ArrayList<>());
        }
        int wildcards = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i).isolated(i);
            if (c.escaped().indexOf('*') >= 0 || c.escaped().indexOf('>') >= 0) {
                lanes.get(wildcards++ % WILDCARD_LANES).add(c);
            } else {
                plain.add(c);
            }
        }
        List<AutoCloseable> servers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(12 + WILDCARD_LANES);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int l = 0; l < WILDCARD_LANES; l++) {
                List<Case> lane = lanes.get(l);
                int[] ports = startPair(servers, dir.resolve("lane" + l));
                results.add(pool.submit(() -> {
                    List<String> found = new ArrayList<>();
                    for (Case c : lane) {
                        String d = compare(c, ports[0], ports[1]);
                        if (d != null) {
                            found.add(d);
                        }
                    }
                    return found;
                }));
            }
            int[] ports = startPair(servers, dir.resolve("ref"));
            for (Case c : plain) {
                results.add(pool.submit(() -> {
                    String d = compare(c, ports[0], ports[1]);
                    return d == null ? List.of() : List.of(d);
                }));
            }
            List<String> differences = new ArrayList<>();
            for (Future<List<String>> f : results) {
                differences.addAll(f.get(2, TimeUnit.MINUTES));
            }
            assertThat(differences)
                    .as("cases where our broker differs from nats-server (of %d)", cases.size())
                    .isEmpty();
        } finally {
            pool.shutdownNow();
            for (int i = servers.size() - 1; i >= 0; i--) {
                servers.get(i).close();
            }
        }
    }

    /** Starts our broker and nats-server (closed by the caller through {@code servers}); their ports. */
    private static int[] startPair(List<AutoCloseable> servers, Path dir) throws IOException {
        NatsBroker ours =
                new NatsBroker(BrokerOptions.builder().host("127.0.0.1").port(0).build()).start();
        servers.add(ours);
        ReferenceNatsServer reference = ReferenceNatsServer.start(dir);
        servers.add(reference);
        return new int[] {ours.port(), URI.create(reference.url()).getPort()};
    }

    /**
     * Null when both servers answer alike. The outcome includes whether an answer came before the probe (within
     * a short quiet time), so on a busy machine a slow answer can differ once: a difference counts only when it
     * shows three times in a row.
     */
    private static String compare(Case c, int ourPort, int refPort) throws IOException {
        String difference = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            String expected = ProtocolProbe.outcome(refPort, c.input(), c.handshake());
            String actual = ProtocolProbe.outcome(ourPort, c.input(), c.handshake());
            if (expected.equals(actual)) {
                return null;
            }
            difference = c + "\n    nats-server: " + expected + "\n    ours:        " + actual;
        }
        return difference;
    }

    /** One input; {@code handshake} false sends it instead of the CONNECT. */
    record Case(String escaped, boolean handshake) {
        byte[] input() {
            return ProtocolProbe.unescape(escaped);
        }

        /** The same case with the subject {@code foo} (any case) replaced by one of its own, as long. */
        Case isolated(int index) {
            String token = "f"
                    + String.format("%2s", Integer.toString(index % 1296, 36)).replace(' ', '0');
            return new Case(escaped.replaceAll("(?i)foo", token), handshake);
        }

        @Override
        public String toString() {
            return (handshake ? "" : "[no CONNECT] ") + "\"" + escaped + "\"";
        }
    }

    /** The regression table and the seeded generator. */
    static final class ProtocolCases {

        private static final String[] SEEDS = {
            "PUB foo 5\r\nhello\r\n",
            "PUB foo bar 0\r\n\r\n",
            "HPUB foo 12 14\r\nNATS/1.0\r\n\r\nab\r\n",
            "HPUB foo rep 12 12\r\nNATS/1.0\r\n\r\n\r\n",
            "SUB foo 1\r\n",
            "SUB foo 1\r\nPUB foo 2\r\nhi\r\n",
            "UNSUB 1\r\n",
            "UNSUB 1 5\r\n",
            "PING\r\n",
            "PONG\r\n",
            "+OK\r\n",
            "CONNECT {\"verbose\":false}\r\n",
        };

        private static final byte[] ALPHABET = {
            ' ', '\t', '\r', '\n', 'x', 'P', '0', '9', '-', '*', '>', '.', '+', '{', '"', 0, (byte) 0xff
        };

        private ProtocolCases() {}

        /** The committed regression table. */
        static List<Case> table() {
            List<Case> cases = new ArrayList<>();
            try (InputStream in = ProtocolFuzzDifferentialTest.class.getResourceAsStream("protocol-cases.txt");
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    if (line.startsWith("raw ")) {
                        cases.add(new Case(line.substring(4), false));
                    } else {
                        cases.add(new Case(line, true));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // long control lines (max_control_line is 4096 on both servers)
            String longWord = "a".repeat(5000);
            cases.add(new Case("SUB " + longWord + " 1\\r\\n", true));
            cases.add(new Case("SUB foo " + longWord + "\\r\\n", true));
            cases.add(new Case("PUB " + longWord + " 1\\r\\nx\\r\\n", true));
            cases.add(new Case("PING " + longWord + "\\r\\n", true));
            cases.add(new Case("PONG" + longWord + "\\r\\n", true));
            cases.add(new Case("+OK" + longWord + "\\r\\n", true));
            cases.add(new Case("UNSUB " + longWord + "\\r\\n", true));
            cases.add(new Case("CONNECT {\"name\":\"" + longWord + "\"}\\r\\n", true));
            cases.add(new Case("SUB " + longWord, true));
            cases.add(new Case("PUB foo " + " ".repeat(4200) + "1\\r\\nx\\r\\n", true));
            cases.add(new Case("SUB foo " + "a".repeat(4085) + "\\r\\n", true));
            cases.add(new Case("SUB foo " + "a".repeat(4090) + "\\r\\n", true));
            return cases;
        }

        /** {@code n} distinct mutations of valid operations. */
        static List<Case> generated(Random random, int n) {
            Set<String> seen = new LinkedHashSet<>();
            int attempts = 0;
            while (seen.size() < n && attempts++ < n * 20) {
                byte[] seed = SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.US_ASCII);
                byte[] mutated = seed;
                int rounds = 1 + random.nextInt(3);
                for (int i = 0; i < rounds; i++) {
                    mutated = mutate(random, mutated);
                }
                seen.add(ProtocolProbe.escape(mutated));
            }
            List<Case> cases = new ArrayList<>();
            for (String s : seen) {
                cases.add(new Case(s, true));
            }
            return cases;
        }

        private static byte[] mutate(Random random, byte[] in) {
            if (in.length == 0) {
                return new byte[] {ALPHABET[random.nextInt(ALPHABET.length)]};
            }
            int at = random.nextInt(in.length);
            switch (random.nextInt(6)) {
                case 0: { // insert
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, at);
                    out[at] = ALPHABET[random.nextInt(ALPHABET.length)];
                    System.arraycopy(in, at, out, at + 1, in.length - at);
                    return out;
                }
                case 1: { // delete
                    byte[] out = new byte[in.length - 1];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, at + 1, out, at, in.length - at - 1);
                    return out;
                }
                case 2: { // replace
                    byte[] out = in.clone();
                    out[at] = ALPHABET[random.nextInt(ALPHABET.length)];
                    return out;
                }
                case 3: { // truncate
                    byte[] out = new byte[at];
                    System.arraycopy(in, 0, out, 0, at);
                    return out;
                }
                case 4: { // flip case
                    byte[] out = in.clone();
                    out[at] = (byte) (out[at] ^ 0x20);
                    return out;
                }
                default: { // append another operation
                    byte[] other = SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.US_ASCII);
                    byte[] out = new byte[in.length + other.length];
                    System.arraycopy(in, 0, out, 0, in.length);
                    System.arraycopy(other, 0, out, in.length, other.length);
                    return out;
                }
            }
        }
    }
}
