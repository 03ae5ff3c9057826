package io.natsspring.broker.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standalone broker's start-up shortcuts leave every explicit setting alone. */
class StartupTuningTest {

    @Test
    void directMemoryLimitSearchedOnlyWhenSomewhereAnOptionMayGiveIt() {
        Map<String, String> none = Map.of();
        assertThat(StartupTuning.mayLimitDirectMemory(new String[] {"-Xmx256m", "-jar", "b.jar"}, none::get))
                .isFalse();
        assertThat(StartupTuning.mayLimitDirectMemory(new String[] {"-XX:MaxDirectMemorySize=64m"}, none::get))
                .isTrue();
        assertThat(StartupTuning.mayLimitDirectMemory(new String[] {"@jvm.args"}, none::get))
                .isTrue();
        assertThat(StartupTuning.mayLimitDirectMemory(new String[] {"-XX:VMOptionsFile=x"}, none::get))
                .isTrue();
        assertThat(StartupTuning.mayLimitDirectMemory(null, none::get)).isTrue();
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxDirectMemorySize=1g");
        assertThat(StartupTuning.mayLimitDirectMemory(new String[] {"-jar", "b.jar"}, env::get))
                .isTrue();
        Map<String, String> other = Map.of("JDK_JAVA_OPTIONS", "-Xss1m");
        assertThat(StartupTuning.mayLimitDirectMemory(new String[] {"-jar", "b.jar"}, other::get))
                .isFalse();
    }

    @Test
    void nettyPropertiesSetOnlyWhenAbsent() {
        String jfr = System.getProperty(StartupTuning.NETTY_JFR);
        String direct = System.getProperty(StartupTuning.NETTY_IGNORE_MAX_DIRECT);
        try {
            System.setProperty(StartupTuning.NETTY_JFR, "true");
            System.clearProperty(StartupTuning.NETTY_IGNORE_MAX_DIRECT);
            StartupTuning.applyNettyDefaults(new String[] {"-XX:MaxDirectMemorySize=64m"}, k -> null);
            assertThat(System.getProperty(StartupTuning.NETTY_JFR)).isEqualTo("true");
            assertThat(System.getProperty(StartupTuning.NETTY_IGNORE_MAX_DIRECT))
                    .isNull();

            System.clearProperty(StartupTuning.NETTY_JFR);
            StartupTuning.applyNettyDefaults(new String[] {"-jar", "b.jar"}, k -> null);
            assertThat(System.getProperty(StartupTuning.NETTY_JFR)).isEqualTo("false");
            assertThat(System.getProperty(StartupTuning.NETTY_IGNORE_MAX_DIRECT))
                    .isEqualTo("true");
        } finally {
            restore(StartupTuning.NETTY_JFR, jfr);
            restore(StartupTuning.NETTY_IGNORE_MAX_DIRECT, direct);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
