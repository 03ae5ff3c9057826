/**
 * TLS of the client and monitoring ports: the {@code SslContext} built from PEM files or key/trust manager
 * factories, and the Netty handlers that put TLS in front of a connection (after the INFO, or first), time the
 * handshake out and check pinned client certificates. TLS is a handler in the pipeline, never a branch in the
 * parser.
 *
 * <p><b>Internal, not API.</b> Place in the layer order (dependencies point only down it; {@code
 * BrokerArchitectureTest} enforces it): above auth, below client.
 *
 * <p>Layer order, lowest first: routing → protocol → store → jetstream.base → auth → tls → client →
 * jetstream.messaging → jetstream.stream → jetstream.consumer → jetstream.account → jetstream.api → jetstream →
 * monitor → server → <b>API</b> ({@code io.natsspring.broker}) → launcher.config → launcher.
 */
package io.natsspring.broker.internal.tls;
