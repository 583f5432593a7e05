package io.sharedatomic.cluster;

/**
 * The cluster did not answer within the operation timeout ({@link ClusterSpec#operationTimeout()}), for a request that
 * changes nothing (a read, an attach that found the value, a resolve): retrying is safe. The message names the
 * endpoints.
 */
public final class ClusterUnavailableException extends ClusterException
{
    private static final long serialVersionUID = 1L;

    ClusterUnavailableException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
