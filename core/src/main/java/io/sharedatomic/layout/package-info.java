/**
 * The on-disk format of a region file, public so that tools outside this library can read it: one descriptor class
 * per structure ({@link io.sharedatomic.layout.RegionDescriptor} for the header,
 * {@link io.sharedatomic.layout.DirectoryDescriptor}, {@link io.sharedatomic.layout.EntryDescriptor},
 * {@link io.sharedatomic.layout.WideValueDescriptor}, {@link io.sharedatomic.layout.LeaseDescriptor}), the
 * {@link io.sharedatomic.layout.EntryShape} an entry record stores, and the exceptions that report a file this
 * library cannot use ({@link io.sharedatomic.layout.RegionFormatException},
 * {@link io.sharedatomic.layout.UnsupportedLayoutException}, {@link io.sharedatomic.layout.RegionFullException}).
 *
 * <p>This package depends on nothing but {@code java.*}: the format is described here, and read and written by the
 * rest of the library.
 */
package io.sharedatomic.layout;
