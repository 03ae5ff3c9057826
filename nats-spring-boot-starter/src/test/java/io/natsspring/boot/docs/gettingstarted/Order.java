package io.natsspring.boot.docs.gettingstarted;

public record Order(String id, String sku, int quantity) {
}
