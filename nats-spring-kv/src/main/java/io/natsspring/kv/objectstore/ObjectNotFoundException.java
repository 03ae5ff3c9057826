package io.natsspring.kv.objectstore;

/** The object does not exist in the bucket (never stored, or deleted). */
public class ObjectNotFoundException extends ObjectStoreException {

    public ObjectNotFoundException(String bucket, String objectName, Throwable cause) {
        super(bucket, objectName, "not found", cause);
    }
}
