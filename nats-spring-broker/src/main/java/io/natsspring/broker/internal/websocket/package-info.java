/**
 * The WebSocket listener: the HTTP upgrade as {@code nats-server} checks it (method, headers, origin), the
 * {@code permessage-deflate} negotiation, and the framing in front of the client protocol (the NATS byte stream
 * travels in binary frames; the connection behind it is an ordinary client connection).
 */
package io.natsspring.broker.internal.websocket;
