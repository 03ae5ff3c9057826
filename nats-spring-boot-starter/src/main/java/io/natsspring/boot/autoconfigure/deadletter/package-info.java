/** Dead-letter routing of messages that exhausted their deliveries or were terminated. */
package io.natsspring.boot.autoconfigure.deadletter;
