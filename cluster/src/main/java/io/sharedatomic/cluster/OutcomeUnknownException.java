package io.sharedatomic.cluster;

/**
 * A write was sent but no answer came within the operation timeout, or the connection failed under it: it may or may
 * not have taken effect, and nothing retried it. {@link ClusterValues#resolve} with {@link #operation()} says which,
 * for good (it keeps an operation that has not landed from ever landing); a caller that simply writes again may apply
 * a read-modify-write twice.
 */
public final class OutcomeUnknownException extends ClusterException
{
    private static final long serialVersionUID = 1L;

    private final OperationId operation;

    OutcomeUnknownException(final OperationId operation, final String message, final Throwable cause)
    {
        super(message + "; the write " + operation + " may or may not have landed: ClusterValues.resolve(operation()) says which", cause);
        this.operation = operation;
    }

    /**
     * @return the write whose outcome is unknown.
     */
    public OperationId operation()
    {
        return operation;
    }
}
