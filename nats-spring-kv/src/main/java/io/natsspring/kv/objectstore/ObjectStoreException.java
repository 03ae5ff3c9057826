package io.natsspring.kv.objectstore;

/** An Object Store operation failed; names the bucket and, where there is one, the object. */
public class ObjectStoreException extends RuntimeException {

    private final String bucket;
    private final String objectName;

    public ObjectStoreException(String bucket, String objectName, String message, Throwable cause) {
        super(describe(bucket, objectName, message), cause);
        this.bucket = bucket;
        this.objectName = objectName;
    }

    private static String describe(String bucket, String objectName, String message) {
        return objectName == null
                ? "Object Store bucket '" + bucket + "': " + message
                : "Object '" + objectName + "' in Object Store bucket '" + bucket + "': " + message;
    }

    /** The bucket the operation addressed. */
    public String getBucket() {
        return bucket;
    }

    /** The object the operation addressed, or {@code null} for a bucket-wide operation. */
    public String getObjectName() {
        return objectName;
    }
}
