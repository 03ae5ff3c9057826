package io.natsspring.broker.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JVM options {@code bin/nats-spring-broker} picks (its dry run prints the command): the footprint defaults
 * depend on the java executable's version, read from a fake JDK's {@code release} file here.
 */
class LauncherScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("user.dir"), "bin", "nats-spring-broker");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "JDK {0}: trim {1}, CDS {2}")
    @CsvSource({
        "17.0.8, false, -XX:ArchiveClassesAtExit=/x/b.jsa",
        "17.0.15, true, -XX:ArchiveClassesAtExit=/x/b.jsa",
        "21, false, -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/x/b.jsa",
        "21.0.5, true, -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/x/b.jsa",
        "25.0.3, true, -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/x/b.jsa"
    })
    void footprintDefaultsFollowTheJavaVersion(String version, boolean trim, String cds) throws Exception {
        String cmd = dryRun(fakeJdk(version), Map.of("NATS_SPRING_BROKER_CDS_ARCHIVE", "/x/b.jsa"));
        assertThat(cmd).contains("-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", cds);
        assertThat(cmd.contains("-XX:TrimNativeHeapInterval=5000")).isEqualTo(trim);
    }

    @Test
    void jdk17DumpsAtTheFirstExitThenMapsTheArchive() throws Exception {
        Path java = fakeJdk("17.0.15");
        Path archive = dir.resolve("a.jsa");
        Map<String, String> env = Map.of("NATS_SPRING_BROKER_CDS_ARCHIVE", archive.toString());
        assertThat(dryRun(java, env))
                .contains("-XX:ArchiveClassesAtExit=" + archive)
                .doesNotContain("SharedArchiveFile");
        Files.writeString(archive, "");
        assertThat(dryRun(java, env))
                .contains("-XX:SharedArchiveFile=" + archive)
                .doesNotContain("ArchiveClassesAtExit", "AutoCreateSharedArchive");
    }

    @Test
    void jdk17ArchiveNameCarriesTheJar() throws Exception {
        String cmd = dryRun(fakeJdk("17.0.15"), Map.of("XDG_CACHE_HOME", "/c"));
        assertThat(cmd).containsPattern("-XX:ArchiveClassesAtExit=/c/nats-spring-broker/jdk-17\\.15-\\d+-\\d+\\.jsa");
    }

    @Test
    void aotCacheOnRequestOnJdk25() throws Exception {
        Path archive = dir.resolve("b.jsa");
        Map<String, String> env =
                Map.of("NATS_SPRING_BROKER_CDS", "aot", "NATS_SPRING_BROKER_CDS_ARCHIVE", archive.toString());
        Path aot = dir.resolve("b.aot");
        assertThat(dryRun(fakeJdk("25.0.3"), env))
                .contains("-XX:AOTCacheOutput=" + aot)
                .doesNotContain("SharedArchive");
        Files.writeString(aot, "");
        assertThat(dryRun(fakeJdk("25.0.3"), env)).contains("-XX:AOTCache=" + aot);
        // older JVMs have no AOT cache: AppCDS as by default
        assertThat(dryRun(fakeJdk("21.0.5"), env))
                .contains("-XX:+AutoCreateSharedArchive")
                .doesNotContain("AOT");
    }

    @Test
    void aotCacheNameCarriesTheJar() throws Exception {
        String cmd = dryRun(fakeJdk("25.0.3"), Map.of("XDG_CACHE_HOME", "/c", "NATS_SPRING_BROKER_CDS", "aot"));
        assertThat(cmd).containsPattern("-XX:AOTCacheOutput=/c/nats-spring-broker/jdk-25\\.3-\\d+-\\d+\\.aot");
    }

    @Test
    void cdsOffAndBadValues() throws Exception {
        Path java = fakeJdk("25.0.3");
        assertThat(dryRun(java, Map.of("NATS_SPRING_BROKER_CDS", "off"))).doesNotContain("SharedArchive", "AOT");
        assertThat(run(java, Map.of("NATS_SPRING_BROKER_CDS", "yes")))
                .contains("NATS_SPRING_BROKER_CDS must be auto, aot or off: yes");
    }

    @Test
    void archiveDefaultsToTheUsersCacheDirectory() throws Exception {
        String cmd = dryRun(fakeJdk("25.0.3"), Map.of("XDG_CACHE_HOME", "/c"));
        assertThat(cmd).contains("-XX:SharedArchiveFile=/c/nats-spring-broker/jdk-25.3.jsa");
    }

    @Test
    void userOptionsReplaceTheDefaults() throws Exception {
        Path java = fakeJdk("25.0.3");
        String cmd = dryRun(java, Map.of("JAVA_OPTS", "-Xshare:off -XX:TrimNativeHeapInterval=0"));
        assertThat(cmd).contains("-Xshare:off -XX:TrimNativeHeapInterval=0").doesNotContain("SharedArchiveFile");
        assertThat(cmd.split("TrimNativeHeapInterval", -1)).hasSize(2);

        assertThat(dryRun(java, Map.of("NATS_SPRING_BROKER_CDS_OPTS", ""))).doesNotContain("SharedArchive");
        assertThat(dryRun(java, Map.of("NATS_SPRING_BROKER_CDS_OPTS", "-XX:SharedArchiveFile=/a.jsa")))
                .contains("-XX:SharedArchiveFile=/a.jsa")
                .doesNotContain("AutoCreateSharedArchive");
    }

    @Test
    void suspendSignalMovesOffSigusr2OnLinuxUnlessSet() throws Exception {
        Path java = fakeJdk("17.0.15");
        boolean linux = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
        assertThat(dryRun(java, Map.of()).startsWith("_JAVA_SR_SIGNUM=39 ")).isEqualTo(linux);
        assertThat(dryRun(java, Map.of("_JAVA_SR_SIGNUM", "40"))).startsWith("_JAVA_SR_SIGNUM=40 " + java);
    }

    @Test
    void unknownVersionGetsNoVersionDependentOption() throws Exception {
        Path java = dir.resolve("nojdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        assertThat(dryRun(java, Map.of())).doesNotContain("TrimNativeHeapInterval", "SharedArchive");
    }

    /** A directory laid out as a JDK whose {@code release} file names {@code version}; returns its bin/java. */
    private Path fakeJdk(String version) throws IOException {
        Path home = dir.resolve("jdk-" + version);
        Path java = home.resolve("bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        Files.writeString(
                home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
        return java;
    }

    private String dryRun(Path java, Map<String, String> env) throws Exception {
        return launch(java, env, 0);
    }

    /** Runs the launcher expecting it to refuse (exit code 1); returns its output. */
    private String run(Path java, Map<String, String> env) throws Exception {
        return launch(java, env, 1);
    }

    private String launch(Path java, Map<String, String> env, int exitCode) throws Exception {
        Path jar = dir.resolve("broker.jar");
        if (!Files.exists(jar)) {
            Files.writeString(jar, "");
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("sh", SCRIPT.toString(), "-js")).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.keySet()
                .removeIf(k -> k.startsWith("NATS_SPRING_BROKER_")
                        || k.equals("_JAVA_SR_SIGNUM")
                        || k.equals("JAVA_OPTS")
                        || k.equals("JAVA_HOME"));
        Map<String, String> all = new HashMap<>(env);
        all.put("JAVA", java.toString());
        all.put("NATS_SPRING_BROKER_JAR", jar.toString());
        all.put("NATS_SPRING_BROKER_DRY_RUN", "1");
        e.putAll(all);
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isEqualTo(exitCode);
        return out;
    }
}
