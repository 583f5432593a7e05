package io.sharedatomic.cluster.internal;

/**
 * A request to etcd that failed, with what is known about its effect.
 */
public final class EtcdFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Why it failed. */
    public enum Kind
    {
        /** No answer within the operation timeout. */
        TIMEOUT,
        /** The cluster could not be reached or lost the request. */
        UNAVAILABLE,
        /** The cluster answered no: credentials, permissions, a request too large, no space. Nothing was applied. */
        REFUSED,
        /** A put named a lease that has ended. Nothing was applied. */
        LEASE_ENDED,
        /** The waiting thread was interrupted. */
        INTERRUPTED
    }

    private final Kind kind;
    private final boolean mayHaveApplied;

    EtcdFailure(final Kind kind, final String message, final boolean mayHaveApplied, final Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
        this.mayHaveApplied = mayHaveApplied;
    }

    /**
     * @return why it failed.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return true if it was a write that the cluster may have applied although no answer said so.
     */
    public boolean mayHaveApplied()
    {
        return mayHaveApplied;
    }
}
