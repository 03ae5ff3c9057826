/**
 * Leaf-node connections, as {@code nats-server} speaks them: this broker as a leaf of a hub ({@code remotes}) and as
 * the hub of leaf nodes (the leaf-node port). A link carries one account's interest ({@code LS+}/{@code LS-}) and
 * messages ({@code LMSG}/{@code HMSG}) over the same routing as clients.
 */
package io.natsspring.broker.internal.leaf;
