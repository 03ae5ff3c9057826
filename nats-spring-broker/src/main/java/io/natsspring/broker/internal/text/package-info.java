/**
 * Small text helpers shared by the broker's log lines. Depends on nothing of the broker; every other broker package
 * may use it. Internal: not part of the broker's API.
 */
package io.natsspring.broker.internal.text;
