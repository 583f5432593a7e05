package io.sharedatomic.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.sharedatomic.RegionEntry;
import io.sharedatomic.SharedRegion;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedBitSet#existing} finds the bit sets among a region's listed entries, and only them: not a plain long
 * array, not a set's storage, not a number.
 */
class ExistingBitSetTest
{
    @Test
    void shouldFindOnlyTheBitSetsOfAListing()
    {
        try (SharedRegion region = SharedRegion.inMemory())
        {
            SharedBitSet.of(region, "slots", 300).add(299);
            region.sharedLongArray("raw", 5);
            SharedSet.of(region, "flags", Set.of(1, 2));
            region.sharedLong("count", 3);
            final Map<String, Optional<SharedBitSet>> found = region.entries().stream()
                .collect(Collectors.toMap(RegionEntry::name, entry -> SharedBitSet.existing(region, entry)));
            assertEquals(Set.of("slots", "raw", "flags", "count"), found.keySet());
            final SharedBitSet slots = found.get("slots").orElseThrow();
            assertEquals(300, slots.capacity());
            assertTrue(slots.contains(299));
            assertEquals(1, slots.cardinality());
            assertEquals(Optional.empty(), found.get("raw"));
            assertEquals(Optional.empty(), found.get("flags"));
            assertEquals(Optional.empty(), found.get("count"));
        }
    }
}
