package io.natsspring.broker.internal.routing;

/**
 * Immutable snapshot of the subscriptions matching one literal subject, split into plain subscriptions and one
 * entry per queue group name. Accessors index into arrays, so iterating allocates nothing.
 *
 * @param <S> the subscription type
 */
public final class MatchResult<S> {

    private static final Object[] NO_SUBSCRIPTIONS = new Object[0];
    private static final String[] NO_GROUP_NAMES = new String[0];
    private static final Object[][] NO_GROUPS = new Object[0][];
    private static final MatchResult<?> EMPTY = new MatchResult<>(NO_SUBSCRIPTIONS, NO_GROUP_NAMES, NO_GROUPS);

    private final Object[] plain;
    private final String[] groupNames;
    private final Object[][] groupMembers;

    /** Takes ownership of the arrays; {@code groupMembers[g]} holds the members of {@code groupNames[g]}. */
    private MatchResult(Object[] plain, String[] groupNames, Object[][] groupMembers) {
        this.plain = plain;
        this.groupNames = groupNames;
        this.groupMembers = groupMembers;
    }

    /** The shared result with no subscriptions. */
    @SuppressWarnings("unchecked")
    static <S> MatchResult<S> empty() {
        return (MatchResult<S>) EMPTY;
    }

    /** Wraps the given arrays (owned by the result from now on); returns {@link #empty()} when both are empty. */
    static <S> MatchResult<S> of(Object[] plain, String[] groupNames, Object[][] groupMembers) {
        if (plain.length == 0 && groupNames.length == 0) {
            return empty();
        }
        return new MatchResult<>(plain, groupNames, groupMembers);
    }

    /** True when no subscription matched. */
    public boolean isEmpty() {
        return plain.length == 0 && groupNames.length == 0;
    }

    /** Number of matching subscriptions that are not in a queue group. */
    public int plainCount() {
        return plain.length;
    }

    /** The {@code i}-th matching subscription without a queue group. */
    @SuppressWarnings("unchecked")
    public S plain(int i) {
        return (S) plain[i];
    }

    /** Number of distinct queue groups with at least one matching member. */
    public int groupCount() {
        return groupNames.length;
    }

    /** Name of the {@code g}-th queue group. */
    public String groupName(int g) {
        return groupNames[g];
    }

    /** Number of matching members of the {@code g}-th queue group (always at least one). */
    public int groupSize(int g) {
        return groupMembers[g].length;
    }

    /** The {@code i}-th matching member of the {@code g}-th queue group. */
    @SuppressWarnings("unchecked")
    public S groupMember(int g, int i) {
        return (S) groupMembers[g][i];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MatchResult[plain=").append(plain.length);
        for (int g = 0; g < groupNames.length; g++) {
            sb.append(", ").append(groupNames[g]).append('=').append(groupMembers[g].length);
        }
        return sb.append(']').toString();
    }
}
