package io.natsspring.broker.internal.launcher.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the nats-server configuration file format (Jazzer): {@link ConfigParser} and the
 * mapping onto broker options ({@link BrokerConfigFile}, which {@code NatsServerConfigFile} also uses). Every input
 * must either load or be refused with a {@link ConfigException} (which names file and line); any other exception,
 * a stack overflow or a hang is a finding. The committed inputs under {@code ConfigFileFuzzTestInputs/parse/} run
 * as regression tests in every build.
 */
class ConfigFileFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ConfigMap root;
        try {
            // no environment: $VARIABLES resolve to nothing; include paths are relative to a directory that has none
            root = new ConfigParser(name -> null).parseText(text, "fuzz.conf");
        } catch (ConfigException expected) {
            return;
        }
        try {
            BrokerConfigFile.of(root);
        } catch (ConfigException expected) {
            // refused with file and line
        }
    }
}
