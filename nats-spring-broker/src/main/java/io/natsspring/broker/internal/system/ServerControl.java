package io.natsspring.broker.internal.system;

/** What the server's control requests ({@code $SYS.REQ.SERVER.<id>.KICK|RELOAD}) act on. */
public interface ServerControl {

    /** A control that kicks nobody and can not reload (no configuration file). */
    ServerControl NONE = new ServerControl() {
        @Override
        public boolean kick(long cid) {
            return false;
        }

        @Override
        public void reload() {
            throw new IllegalStateException("can only reload config when a file is provided using -c or --config");
        }
    };

    /** Closes client connection {@code cid} with the reason {@code Kicked}; {@code false} when there is none. */
    boolean kick(long cid);

    /**
     * Reloads the configuration as {@code SIGHUP} does.
     *
     * @throws RuntimeException whose message {@code nats-server}'s answer carries as the error description
     */
    void reload();
}
