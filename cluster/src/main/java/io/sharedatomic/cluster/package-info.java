/**
 * Named values held in etcd, for what one host's region cannot share: a firm-wide kill switch, an order-id sequence, a
 * position limit. {@link io.sharedatomic.cluster.ClusterValues} connects; {@link io.sharedatomic.cluster.ClusterLong}
 * and {@link io.sharedatomic.cluster.ClusterBoolean} have the local types' method names, and every operation is
 * linearizable. A write whose answer was lost raises {@link io.sharedatomic.cluster.OutcomeUnknownException}, never a
 * silent retry; {@link io.sharedatomic.cluster.ClusterValues#resolve} says whether it landed. The key layout is
 * {@link io.sharedatomic.cluster.ClusterLayout}.
 */
package io.sharedatomic.cluster;
