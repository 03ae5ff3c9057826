package io.natsspring.kv.objectstore;

/** The data read back does not match the object's recorded digest, size or chunk count. */
public class ObjectIntegrityException extends ObjectStoreException {

    public ObjectIntegrityException(String bucket, String objectName, Throwable cause) {
        super(bucket, objectName, "the data read does not match the stored object (" + cause.getMessage() + ")", cause);
    }
}
