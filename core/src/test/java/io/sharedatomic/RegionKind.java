package io.sharedatomic;

import java.nio.file.Path;

/**
 * The two kinds of region a contract test runs over: process-local memory and a mapped file.
 */
enum RegionKind
{
    IN_MEMORY,
    FILE;

    SharedRegion open(final Path directory)
    {
        return open(directory, RegionSpec.defaults());
    }

    SharedRegion open(final Path directory, final RegionSpec spec)
    {
        return this == IN_MEMORY ? SharedRegion.inMemory(spec) : SharedRegion.open(directory.resolve("r.region"), spec);
    }
}
