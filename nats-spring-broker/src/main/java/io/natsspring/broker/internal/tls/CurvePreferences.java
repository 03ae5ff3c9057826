package io.natsspring.broker.internal.tls;

import io.netty.handler.ssl.SslHandler;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * {@code curve_preferences} of {@code nats-server} (Go's {@code tls.CurveID} names) translated to the engines'
 * key exchange group names: OpenSSL/BoringSSL groups set on the context, and the JDK's named groups set on each
 * engine ({@code SSLParameters.setNamedGroups}, Java 20 and later).
 */
public final class CurvePreferences {

    /** nats-server name → {OpenSSL group, JDK named group}. */
    private static final Map<String, String[]> NAMES = Map.of(
            "X25519MLKEM768", new String[] {"X25519MLKEM768", "X25519MLKEM768"},
            "X25519", new String[] {"X25519", "x25519"},
            "CurveP256", new String[] {"P-256", "secp256r1"},
            "CurveP384", new String[] {"P-384", "secp384r1"},
            "CurveP521", new String[] {"P-521", "secp521r1"},
            "SecP256r1MLKEM768", new String[] {"SecP256r1MLKEM768", "SecP256r1MLKEM768"},
            "SecP384r1MLKEM1024", new String[] {"SecP384r1MLKEM1024", "SecP384r1MLKEM1024"});

    private CurvePreferences() {}

    /**
     * Checks a name as {@code nats-server} does (case-sensitive).
     *
     * @throws IllegalArgumentException {@code unrecognized curve preference NAME}
     */
    public static void check(String name) {
        if (!NAMES.containsKey(name)) {
            throw new IllegalArgumentException("unrecognized curve preference " + name);
        }
    }

    static String[] openSslGroups(List<String> curves) {
        return curves.stream().map(c -> NAMES.get(c)[0]).toArray(String[]::new);
    }

    static String[] jdkGroups(List<String> curves) {
        return curves.stream().map(c -> NAMES.get(c)[1]).toArray(String[]::new);
    }

    /**
     * Restricts a JDK engine to the groups, through {@code SSLParameters.setNamedGroups} (Java 20+).
     *
     * @throws TlsSetupException on an older Java, naming the alternatives
     */
    static void applyToJdkEngine(SslHandler handler, String[] groups) {
        SSLEngine engine = handler.engine();
        SSLParameters p = engine.getSSLParameters();
        try {
            Method set = SSLParameters.class.getMethod("setNamedGroups", String[].class);
            set.invoke(p, (Object) groups);
        } catch (NoSuchMethodException e) {
            throw unsupported(e);
        } catch (ReflectiveOperationException e) {
            throw new TlsSetupException("curve_preferences", "can not set the key exchange groups: " + e, e);
        }
        engine.setSSLParameters(p);
    }

    /** Whether the running JDK can restrict its engines' groups. */
    static boolean jdkSupported() {
        try {
            SSLParameters.class.getMethod("setNamedGroups", String[].class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static TlsSetupException unsupported(Exception cause) {
        return new TlsSetupException(
                "curve_preferences",
                "'curve_preferences' needs the OpenSSL TLS engine or the JDK engine on Java 20 or later (this is Java "
                        + Runtime.version().feature() + ")",
                cause);
    }
}
