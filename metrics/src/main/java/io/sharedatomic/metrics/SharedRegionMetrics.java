package io.sharedatomic.metrics;

import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sharedatomic.RegionEntry;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;

/**
 * Registers a region's numeric entries as Micrometer gauges: every {@code SharedLong}, {@code SharedULong},
 * {@code SharedDouble} and {@code SharedBoolean} (1 or 0) as a gauge named {@code prefix + "." + entry name}, and every
 * {@code SharedBitSet} as a gauge of its cardinality named {@code prefix + "." + entry name + ".cardinality"}, each
 * with the configured tags. Strings, bytes and other arrays are not numbers and are left out.
 *
 * <pre>{@code
 * new SharedRegionMetrics(region, "desk", Tags.of("host", "ny4")).bindTo(registry);
 * }</pre>
 *
 * <p>A gauge reads the shared value when the registry samples it (a volatile load; a bitset's cardinality counts its
 * words), so it shows what any process wrote last; nothing is copied or polled in between. The entries bound are those
 * the region has when {@link #bindTo} runs; bind again to add entries created later (Micrometer ignores a gauge it
 * already has). Once the region is closed, every gauge reads {@code NaN}.
 */
public final class SharedRegionMetrics implements MeterBinder
{
    /** The name prefix of {@link #SharedRegionMetrics(SharedRegion)}. */
    public static final String DEFAULT_PREFIX = "shared.atomic";

    private final SharedRegion region;
    private final String prefix;
    private final Tags tags;

    /**
     * Gauges named {@code shared.atomic.<entry name>}, without tags.
     *
     * @param region the region; it stays the caller's to close.
     */
    public SharedRegionMetrics(final SharedRegion region)
    {
        this(region, DEFAULT_PREFIX, Tags.empty());
    }

    /**
     * @param region the region; it stays the caller's to close.
     * @param prefix the start of every gauge name, followed by a dot and the entry name; not empty.
     * @param tags   tags every gauge carries.
     */
    public SharedRegionMetrics(final SharedRegion region, final String prefix, final Iterable<Tag> tags)
    {
        this.region = Objects.requireNonNull(region, "region");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty())
        {
            throw new IllegalArgumentException("prefix must not be empty: gauge names are prefix + '.' + entry name");
        }
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(final MeterRegistry registry)
    {
        final List<RegionEntry> entries = region.entries();
        for (final RegionEntry entry : entries)
        {
            final String name = entry.name();
            switch (entry.type())
            {
                case LONG -> gauge(registry, name, region.sharedLong(name), value -> value.get());
                case ULONG -> gauge(registry, name, region.sharedULong(name), value -> value.getAsDouble());
                case DOUBLE -> gauge(registry, name, region.sharedDouble(name), value -> value.get());
                case BOOLEAN -> gauge(registry, name, region.sharedBoolean(name), value -> value.get() ? 1 : 0);
                case LONG_ARRAY -> bindBitSet(registry, entry);
                default ->
                {
                    // Not a number: strings, bytes and wide values have no gauge.
                }
            }
        }
    }

    private void bindBitSet(final MeterRegistry registry, final RegionEntry entry)
    {
        // A long array is a bitset when its format tag says so; a plain array gets no gauge.
        SharedBitSet.existing(region, entry).ifPresent(bits -> gauge(registry, entry.name() + ".cardinality", bits, set -> set.cardinality()));
    }

    private <T> void gauge(final MeterRegistry registry, final String name, final T handle, final ToDoubleFunction<T> read)
    {
        Gauge.builder(prefix + "." + name, handle, value -> readOrNaN(value, read))
            .tags(tags)
            .description("shared-atomic entry '" + name + "'")
            // Micrometer holds a gauge's object weakly by default; the handle must live as long as the gauge.
            .strongReference(true)
            .register(registry);
    }

    private <T> double readOrNaN(final T handle, final ToDoubleFunction<T> read)
    {
        if (region.isClosed())
        {
            return Double.NaN;
        }
        try
        {
            return read.applyAsDouble(handle);
        }
        catch (final IllegalStateException ex)
        {
            // Closed between the check and the read.
            return Double.NaN;
        }
    }
}
