package io.natsspring.broker.internal.launcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code SIGHUP} (and {@code SIGUSR2}) for the standalone broker, through the JDK's {@code sun.misc.Signal} (module {@code
 * jdk.unsupported}), looked up reflectively so that a JVM without it, or an OS without the signal, only loses
 * the feature. Reloads run one at a time on a daemon thread; a signal arriving while one is queued is dropped (the
 * queued reload reads the file afterwards anyway).
 */
final class HangupSignal {

    private static final System.Logger LOG = System.getLogger(HangupSignal.class.getName());

    private HangupSignal() {}

    /** Calls {@code onHangup} on each {@code SIGHUP}; {@code false} when the signal can not be handled here. */
    static boolean install(Runnable onHangup) {
        return install("HUP", onHangup);
    }

    /**
     * Calls {@code onSignal} on each signal {@code name} ({@code "HUP"}, {@code "USR2"}), one at a time on a daemon
     * thread; {@code false} when the signal can not be handled here.
     */
    static boolean install(String name, Runnable onSignal) {
        Runnable onHangup = onSignal;
        ExecutorService worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(1),
                r -> {
                    Thread t = new Thread(r, "nats-broker-sig" + name.toLowerCase(java.util.Locale.ROOT));
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.DiscardPolicy());
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler h = (Object proxy, Method method, Object[] args) -> {
                if (method.getName().equals("handle")) {
                    worker.execute(onHangup);
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "nats-spring-broker SIG" + name + " handler";
                    default -> null;
                };
            };
            Object handler =
                    Proxy.newProxyInstance(HangupSignal.class.getClassLoader(), new Class<?>[] {handlerClass}, h);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            worker.shutdown();
            LOG.log(System.Logger.Level.DEBUG, () -> "SIG" + name + " handler not installed: " + e);
            return false;
        }
    }
}
