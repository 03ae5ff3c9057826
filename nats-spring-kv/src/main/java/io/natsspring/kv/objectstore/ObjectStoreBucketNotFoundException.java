package io.natsspring.kv.objectstore;

/** The Object Store bucket does not exist on the server. */
public class ObjectStoreBucketNotFoundException extends ObjectStoreException {

    public ObjectStoreBucketNotFoundException(String bucket, String objectName, Throwable cause) {
        super(bucket, objectName, "the bucket does not exist", cause);
    }
}
