/**
 * Internal implementation of shared-atomic: not API, may change without notice.
 *
 * <p>{@link io.sharedatomic.internal.NativeMemory} is the only class that touches Chronicle; each file layout lives in
 * one Descriptor class ({@link io.sharedatomic.layout.RegionDescriptor},
 * {@link io.sharedatomic.layout.DirectoryDescriptor}, {@link io.sharedatomic.layout.EntryDescriptor}).
 */
package io.sharedatomic.internal;
