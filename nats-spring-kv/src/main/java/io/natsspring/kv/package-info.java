/**
 * Key-Value and Object Store support for Spring.
 *
 * <p>Placeholder package: the module's code arrives with its own issue.
 */
package io.natsspring.kv;
