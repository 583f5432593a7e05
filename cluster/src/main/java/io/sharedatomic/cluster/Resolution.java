package io.sharedatomic.cluster;

/**
 * Whether a write landed, as {@link ClusterValues#resolve} found it; final either way.
 *
 * @param operation the write.
 * @param applied   true if it took effect (exactly once).
 * @param previous  the value it replaced, if applied (a boolean as 0 or 1).
 * @param next      the value it wrote, if applied.
 */
public record Resolution(OperationId operation, boolean applied, long previous, long next)
{
}
