/**
 * Internal implementation of shared-atomic-collections: not API, may change without notice.
 *
 * <p>{@link io.sharedatomic.collections.internal.BitLayoutCodec} holds the original's set/list bit layout: it turns
 * a small collection into the big-endian bytes of one word and back.
 */
package io.sharedatomic.collections.internal;
