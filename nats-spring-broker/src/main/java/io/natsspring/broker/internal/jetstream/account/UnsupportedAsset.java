package io.natsspring.broker.internal.jetstream.account;

import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import java.util.Map;

/**
 * Whether a stored stream or consumer needs a higher JetStream API level than this broker's (ADR-44): its
 * {@code _nats.req.level} metadata is not an integer or is above {@link #RUNNABLE_LEVEL}. The reason text is
 * {@code nats-server}'s (naming the advertised {@link ApiLevel#LEVEL}).
 */
public final class UnsupportedAsset {

    /** Metadata key holding the lowest API level an asset needs. */
    public static final String REQUIRED_LEVEL_KEY = "_nats.req.level";

    /**
     * The highest level of stored configs this broker runs: its advertised {@link ApiLevel#LEVEL}.
     */
    static final int RUNNABLE_LEVEL = ApiLevel.LEVEL;

    private UnsupportedAsset() {}

    /** The offline reason for an asset with this metadata, or {@code null} when this broker can run it. */
    public static String reason(Map<String, String> metadata) {
        String level = metadata == null ? null : metadata.get(REQUIRED_LEVEL_KEY);
        if (level == null || level.isEmpty()) {
            return null;
        }
        try {
            if (Integer.parseInt(level) <= RUNNABLE_LEVEL) {
                return null;
            }
        } catch (NumberFormatException e) {
            // not a level this broker knows: unsupported, as nats-server
        }
        return "unsupported - required API level: " + level + ", current API level: " + ApiLevel.LEVEL;
    }
}
