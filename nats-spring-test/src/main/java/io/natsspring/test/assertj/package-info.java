/** AssertJ assertions on NATS messages: {@link io.natsspring.test.assertj.NatsAssertions}. */
package io.natsspring.test.assertj;
