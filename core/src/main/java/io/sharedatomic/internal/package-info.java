/**
 * Internal implementation of shared-atomic: not API, may change without notice. Core's module-info exports this
 * package to no module, and the build's import rules (config/checkstyle) let only core itself import it; this
 * package in turn never imports the public {@code io.sharedatomic}: the engine room does not call up into the
 * public face.
 *
 * <p>{@link io.sharedatomic.internal.NativeMemory} is the only class that touches Chronicle; each file layout lives in
 * one Descriptor class ({@link io.sharedatomic.layout.RegionDescriptor},
 * {@link io.sharedatomic.layout.DirectoryDescriptor}, {@link io.sharedatomic.layout.EntryDescriptor}).
 */
package io.sharedatomic.internal;
