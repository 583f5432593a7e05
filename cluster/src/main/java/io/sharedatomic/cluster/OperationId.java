package io.sharedatomic.cluster;

/**
 * Names one write: the key prefix it wrote under, the client that made it, its sequence number there, and the lease
 * its operation key lives on. An {@link OutcomeUnknownException} carries it, for {@link ClusterValues#resolve}, which
 * may run in any process connected to the same cluster.
 *
 * @param prefix   the key prefix of the write ({@link ClusterSpec#prefix()}).
 * @param client   the writing client's id, random per {@link ClusterValues}.
 * @param sequence its sequence number in that client.
 * @param lease    the etcd lease its operation key was to live on; it ends after the resolve window.
 */
public record OperationId(String prefix, String client, long sequence, long lease)
{
    @Override
    public String toString()
    {
        return prefix + client + "/" + sequence;
    }
}
