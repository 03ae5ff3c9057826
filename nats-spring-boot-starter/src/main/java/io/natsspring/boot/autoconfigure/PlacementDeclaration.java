package io.natsspring.boot.autoconfigure;

import io.nats.client.api.Placement;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a clustered server puts a stream's or bucket's replicas ({@code placement} of a stream or bucket under
 * {@code nats.jetstream.*}): a cluster by name and/or server tags every replica's server must have.
 */
public class PlacementDeclaration {

    /** Name of the cluster to place the replicas in. */
    private String cluster;

    /** Server tags (server_tags) every server holding a replica must have. */
    private List<String> tags = new ArrayList<>();

    /** The jnats placement, or {@code null} when neither cluster nor tags are set. */
    public Placement toPlacement() {
        boolean hasCluster = cluster != null && !cluster.isBlank();
        if (!hasCluster && tags.isEmpty()) {
            return null;
        }
        Placement.Builder b = Placement.builder();
        if (hasCluster) b.cluster(cluster);
        if (!tags.isEmpty()) b.tags(tags);
        return b.build();
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags;
    }
}
