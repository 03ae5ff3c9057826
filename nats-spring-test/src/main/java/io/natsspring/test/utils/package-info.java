/**
 * jnats-based helpers to consume in tests: {@link io.natsspring.test.utils.NatsTestUtils} and the
 * {@link io.natsspring.test.utils.SubjectRecorder} it makes.
 */
package io.natsspring.test.utils;
