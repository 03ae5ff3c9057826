/** JetStream beans and the create-or-update of declared streams, consumers and buckets. */
package io.natsspring.boot.autoconfigure.jetstream;
