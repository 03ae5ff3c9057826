/**
 * The inventory service: stock per SKU in the Key-Value bucket {@code inventory}, reserved with compare-and-set when
 * a payment completes ({@code inventory.reserved} or {@code inventory.failed}), answered synchronously on
 * {@code inventory.check}, and readable and settable over HTTP.
 */
package io.natsspring.sample.saga.inventory;
