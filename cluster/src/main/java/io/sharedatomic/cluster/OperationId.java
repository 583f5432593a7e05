package io.sharedatomic.cluster;

/**
 * Names one write: the client that made it and its sequence number there. An {@link OutcomeUnknownException} carries
 * it, for {@link ClusterValues#resolve}.
 *
 * @param client   the writing client's id, random per {@link ClusterValues}.
 * @param sequence its sequence number in that client.
 */
public record OperationId(String client, long sequence)
{
    @Override
    public String toString()
    {
        return client + "/" + sequence;
    }
}
