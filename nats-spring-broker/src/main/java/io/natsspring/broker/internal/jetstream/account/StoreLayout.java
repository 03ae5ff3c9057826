package io.natsspring.broker.internal.jetstream.account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where one account's JetStream keeps its files: {@code <accountDir>/streams/<stream>/} holds a file stream's meta
 * file, its message blocks and its durable consumers' state. An account's directory is
 * {@code <storeDir>/jetstream/<account>/}, as in {@code nats-server}; the global account {@code $G} keeps the
 * store directory itself (where its streams were before accounts existed) unless
 * {@code <storeDir>/jetstream/$G/streams} is already there.
 */
public final class StoreLayout {

    /** Directory under the store directory that holds one directory per file stream. */
    public static final String STREAMS_DIR = "streams";

    private static final System.Logger LOG = System.getLogger(StoreLayout.class.getName());

    private final Path storeDir;

    /** Directory under the store directory that holds one directory per account ({@code nats-server}'s layout). */
    public static final String ACCOUNTS_DIR = "jetstream";

    private static final String GLOBAL_ACCOUNT = "$G";

    /** @param storeDir the account's directory, {@code null} for a default under the temp directory */
    public StoreLayout(Path storeDir) {
        this.storeDir = storeDir != null ? storeDir : defaultStoreDir();
    }

    /** The layout of {@code account} under the configured store directory ({@code null}: the default one). */
    public static StoreLayout forAccount(Path configuredStoreDir, String account) {
        Path root = configuredStoreDir != null ? configuredStoreDir : defaultStoreDir();
        Path accountDir = root.resolve(ACCOUNTS_DIR).resolve(account);
        if (GLOBAL_ACCOUNT.equals(account) && !Files.isDirectory(accountDir.resolve(STREAMS_DIR))) {
            return new StoreLayout(root);
        }
        return new StoreLayout(accountDir);
    }

    private static Path defaultStoreDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "nats-spring", "jetstream");
    }

    public Path storeDir() {
        return storeDir;
    }

    /** Directory under the account's directory where stream restores stage their data (removed at start). */
    public static final String RESTORE_STAGING_DIR = "restore.tmp";

    /** Where stream restores stage their data; not scanned for streams. */
    public Path restoreStagingDir() {
        return storeDir.resolve(RESTORE_STAGING_DIR);
    }

    /** Directory under the account's directory where deleted streams wait for their files to be removed. */
    public static final String DELETED_DIR = "deleted.tmp";

    private static final AtomicLong DISCARDED = new AtomicLong();

    /** Where deleted streams' directories wait to be removed (emptied at start); not scanned for streams. */
    public Path deletedDir() {
        return storeDir.resolve(DELETED_DIR);
    }

    /**
     * Deletes the directory of the stream {@code name}: moves it out of the streams directory at once (so a
     * restart or a stream created again under that name never sees it) and removes its files in the background
     * ({@link DirectoryReaper}). When the move fails, deletes it here.
     */
    public void discardStreamDir(String name) {
        Path dir = streamDir(name);
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Path deleted = deletedDir();
            Files.createDirectories(deleted);
            Path target = deleted.resolve(System.nanoTime() + "-" + DISCARDED.incrementAndGet());
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            DirectoryReaper.deleteLater(target);
        } catch (IOException | UnsupportedOperationException e) {
            deleteDirectory(dir);
        }
    }

    /** Waits up to {@code timeoutMillis} for the background removal of deleted streams' files. */
    public static boolean awaitDeletions(long timeoutMillis) {
        return DirectoryReaper.awaitIdle(timeoutMillis);
    }

    /** Creates the streams directory when missing. */
    public void create() throws IOException {
        Files.createDirectories(storeDir.resolve(STREAMS_DIR));
    }

    /** The directory of the stream with this name (which may not exist). */
    public Path streamDir(String name) {
        return storeDir.resolve(STREAMS_DIR).resolve(name);
    }

    /** The stream directories present, in directory order. */
    public List<Path> streamDirs() throws IOException {
        List<Path> out = new ArrayList<>();
        try (var dirs = Files.list(storeDir.resolve(STREAMS_DIR))) {
            dirs.forEach(out::add);
        }
        return out;
    }

    /** Deletes a directory with everything in it; logs (does not throw) when that fails. */
    public static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Can not delete " + dir, e);
        }
    }
}
