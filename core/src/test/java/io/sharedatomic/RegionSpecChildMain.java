package io.sharedatomic;

import java.nio.file.Path;

/**
 * Tries to create regions of given shapes, for {@link RegionSpecTest}, which runs it under {@code prlimit} with a small
 * file-size and address-space limit: on code that wrongly accepts a shape bigger than the layout allows, creating it
 * must fail fast on those limits instead of writing 32 GiB to the disk or allocating 32 GiB of memory.
 *
 * <p>Arguments, one case each: {@code open:PATH:ENTRIES:DATA} or {@code inMemory:ENTRIES:DATA}. Prints one line per
 * case: {@code IAE message}, {@code MADE byteLength}, or {@code THREW exception}.
 */
final class RegionSpecChildMain
{
    private RegionSpecChildMain()
    {
    }

    public static void main(final String[] args)
    {
        for (final String arg : args)
        {
            final String[] parts = arg.split(":");
            final boolean open = parts[0].equals("open");
            final int first = open ? 2 : 1;
            final int entries = Integer.parseInt(parts[first]);
            final long data = Long.parseLong(parts[first + 1]);
            String outcome;
            try
            {
                final RegionSpec spec = RegionSpec.defaults().withEntryCapacity(entries).withDataCapacity(data);
                try (SharedRegion region = open ? SharedRegion.open(Path.of(parts[1]), spec) : SharedRegion.inMemory(spec))
                {
                    outcome = "MADE " + region.byteLength();
                }
            }
            catch (final IllegalArgumentException ex)
            {
                outcome = "IAE " + ex.getMessage();
            }
            catch (final RuntimeException | Error ex)
            {
                outcome = "THREW " + ex;
            }
            System.out.println(outcome.replace('\n', ' '));
        }
        System.out.flush();
    }
}
