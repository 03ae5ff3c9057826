/**
 * The system account's services: the internal subscribers that answer {@code $SYS.REQ.…} requests (server and
 * account monitoring, pings) and the server's events ({@code $SYS.ACCOUNT.<acct>.CONNECT|DISCONNECT},
 * {@code $SYS.ACCOUNT.<acct>.SERVER.CONNS}, {@code $SYS.SERVER.<id>.CLIENT.AUTH.ERR}, {@code $SYS.SERVER.<id>.STATSZ}),
 * as {@code nats-server} sends them. Requests and events run on one thread behind a bounded queue, never on a
 * client's event loop; {@link io.natsspring.broker.internal.system.SystemRequests} is the registry new request
 * handlers are added to.
 *
 * <p><b>Internal, not API.</b> Place in the layer order (dependencies point only down it; {@code
 * BrokerArchitectureTest} enforces it): above monitor, below server.
 *
 * <p>Layer order, lowest first: routing → protocol → store → jetstream.base → auth → tls → client →
 * jetstream.messaging → jetstream.stream → jetstream.consumer → jetstream.account → jetstream.api → jetstream → account
 * → monitor → system → server → <b>API</b> ({@code io.natsspring.broker}) → launcher.config → launcher.
 */
package io.natsspring.broker.internal.system;
