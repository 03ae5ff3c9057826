package io.natsspring.boot.docs.gettingstarted;

public record Quote(String sku, long cents) {
}
