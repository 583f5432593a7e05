package io.sharedatomic.cluster;

/**
 * A cluster operation failed and changed nothing: the cluster refused it (credentials, permissions, a value too
 * large), or it was a read. The subclasses say more.
 */
public class ClusterException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    ClusterException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
