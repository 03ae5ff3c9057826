package io.natsspring.boot.autoconfigure;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import java.io.IOException;
import java.security.GeneralSecurityException;

/** Authenticates with a bare NKey seed (no JWT): signs the server's nonce and presents the public key. */
final class NKeySeedAuthHandler implements AuthHandler {

    private final NKey nkey;

    NKeySeedAuthHandler(String seed) {
        this.nkey = NKey.fromSeed(seed.toCharArray());
    }

    @Override
    public byte[] sign(byte[] nonce) {
        try {
            return nkey.sign(nonce);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not sign the server nonce with nats.nkey-seed", e);
        }
    }

    @Override
    public char[] getID() {
        try {
            return nkey.getPublicKey();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not derive the public key of nats.nkey-seed", e);
        }
    }

    @Override
    public char[] getJWT() {
        return null;
    }
}
