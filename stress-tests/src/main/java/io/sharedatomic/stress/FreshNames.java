package io.sharedatomic.stress;

import io.sharedatomic.RegionSpec;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.ValuePadding;

/**
 * Names never used before, each with the region it belongs to, for tests whose subject is creating an entry. A region
 * never frees an entry, so once one is three quarters full the next names go to a new region; the old one is
 * released when the last state that refers to it is collected.
 */
final class FreshNames
{
    /** A name not yet created in its region. */
    record FreshName(SharedRegion region, String name)
    {
    }

    private static final int ENTRIES_PER_REGION = 1 << 16;
    /** Stop well short of full: a fuller directory makes every probe longer, and creating is what is measured. */
    private static final int NAMES_PER_REGION = ENTRIES_PER_REGION / 4 * 3;
    /** A long value with a name of up to 8 bytes takes 56 bytes packed. */
    private static final RegionSpec SPEC = RegionSpec.defaults()
        .withEntryCapacity(ENTRIES_PER_REGION)
        .withDataCapacity(64L * ENTRIES_PER_REGION)
        .withPadding(ValuePadding.PACKED);

    private final String label;
    private SharedRegion region;
    private int used = NAMES_PER_REGION;

    /**
     * @param label names the region files.
     */
    FreshNames(final String label)
    {
        this.label = label;
    }

    /**
     * @return a name that no one has created yet, in a region with room for it.
     */
    synchronized FreshName next()
    {
        if (used == NAMES_PER_REGION)
        {
            region = StressRegions.create(label, SPEC);
            used = 0;
        }
        return new FreshName(region, "n" + used++);
    }
}
