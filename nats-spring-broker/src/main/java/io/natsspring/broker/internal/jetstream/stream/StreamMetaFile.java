package io.natsspring.broker.internal.jetstream.stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsspring.broker.internal.jetstream.base.ApiException;
import io.natsspring.broker.internal.jetstream.base.ApiJson;
import io.natsspring.broker.internal.jetstream.base.GoScalars;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The {@code stream.json} file in a file stream's directory: its configuration and creation time, written
 * atomically (temp file, rename; the temp file forced first when asked) so a restart finds either the old or the
 * new version.
 */
public final class StreamMetaFile {

    /** File name inside the stream directory. */
    public static final String NAME = "stream.json";

    /** What the file holds. */
    public record Meta(
            @JsonProperty("config") StreamConfig config,

            @JsonProperty("created")
            @JsonDeserialize(using = GoScalars.Time.class)
            @JsonSerialize(using = GoScalars.TimeWriter.class)
            long createdNanos) {}

    private StreamMetaFile() {}

    public static void write(Path streamDir, StreamConfig config, long createdNanos) throws IOException {
        write(streamDir, config, createdNanos, true);
    }

    /** Writes the file; {@code sync} forces it to the device before the rename ({@code sync_interval: always}). */
    public static void write(Path streamDir, StreamConfig config, long createdNanos, boolean sync) throws IOException {
        Files.createDirectories(streamDir);
        byte[] bytes = ApiJson.bytes(new Meta(config, createdNanos));
        Path tmp = streamDir.resolve(NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (sync) {
                ch.force(true);
            }
        }
        Files.move(tmp, streamDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the file; throws when it is missing or unreadable. */
    public static Meta read(Path streamDir) throws IOException {
        byte[] bytes = Files.readAllBytes(streamDir.resolve(NAME));
        try {
            return ApiJson.read(bytes, Meta.class, "StreamMeta");
        } catch (ApiException e) {
            throw new IOException(streamDir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }
}
