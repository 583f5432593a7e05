package io.sharedatomic.cli;

import java.util.List;
import java.util.Optional;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.sharedatomic.RegionEntry;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;
import io.sharedatomic.layout.RegionFormatException;

/**
 * A region's numbers as Prometheus gauges, read at each scrape: one family for values, labelled with the entry name
 * (entry names are free text, which metric names are not), and two for bitsets. Entries created after the server
 * started appear at the next scrape. {@code shared_atomic_region_up} is 1 when the region could be read and 0 when not
 * (deleted, truncated, corrupt; then no values), as exporters report their target: the server keeps running, and
 * attaches again at the next scrape, following the path to a file recreated there.
 *
 * <pre>
 * shared_atomic_region_up{region="/dev/shm/desk.region"} 1.0
 * shared_atomic_value{region="/dev/shm/desk.region",entry="orders.sent",type="LONG"} 42.0
 * shared_atomic_bitset_cardinality{region="/dev/shm/desk.region",entry="desk.slots"} 3.0
 * shared_atomic_bitset_capacity{region="/dev/shm/desk.region",entry="desk.slots"} 128.0
 * </pre>
 */
final class RegionCollector implements MultiCollector
{
    static final String VALUE = "shared_atomic_value";
    static final String CARDINALITY = "shared_atomic_bitset_cardinality";
    static final String CAPACITY = "shared_atomic_bitset_capacity";
    static final String UP = "shared_atomic_region_up";

    private final FollowedRegion followed;
    private final String regionLabel;

    RegionCollector(final FollowedRegion followed, final String regionLabel)
    {
        this.followed = followed;
        this.regionLabel = regionLabel;
    }

    /**
     * Synchronized: the HTTP server scrapes on several threads, and a failed scrape drops the mapping that a concurrent
     * one may have just attached again.
     */
    @Override
    public synchronized MetricSnapshots collect()
    {
        boolean up;
        MetricSnapshots values;
        try
        {
            values = values(followed.current());
            up = true;
        }
        catch (final CliException | RegionFormatException | IllegalStateException | InternalError ex)
        {
            // InternalError: a read past the end of a file truncated under the mapping.
            followed.invalidate();
            values = MetricSnapshots.of();
            up = false;
        }
        final MetricSnapshots.Builder all = MetricSnapshots.builder();
        values.forEach(all::metricSnapshot);
        return all.metricSnapshot(GaugeSnapshot.builder().name(UP).help("1 if the region could be read at this scrape, else 0")
            .dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("region", regionLabel)).value(up ? 1 : 0).build()).build()).build();
    }

    private MetricSnapshots values(final SharedRegion region)
    {
        final GaugeSnapshot.Builder values = GaugeSnapshot.builder().name(VALUE)
            .help("Current value of each numeric entry (long, unsigned long, double; a boolean as 0 or 1)");
        final GaugeSnapshot.Builder cardinalities = GaugeSnapshot.builder().name(CARDINALITY).help("Bits set in each bitset");
        final GaugeSnapshot.Builder capacities = GaugeSnapshot.builder().name(CAPACITY).help("Bits each bitset can hold");
        final List<RegionEntry> entries = region.entries();
        for (final RegionEntry entry : entries)
        {
            final Optional<SharedBitSet> bitSet = SharedBitSet.existing(region, entry);
            if (bitSet.isPresent())
            {
                final Labels labels = Labels.of("entry", entry.name(), "region", regionLabel);
                cardinalities.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(bitSet.get().cardinality()).build());
                capacities.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(bitSet.get().capacity()).build());
                continue;
            }
            switch (entry.type())
            {
                case LONG, ULONG, DOUBLE, BOOLEAN ->
                {
                    final double value = Regions.numericValue(region.find(entry.name()).orElseThrow());
                    values.dataPoint(GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("entry", entry.name(), "region", regionLabel, "type", entry.type().name()))
                        .value(value).build());
                }
                default ->
                {
                    // Strings, bytes and plain arrays have no number to show.
                }
            }
        }
        return MetricSnapshots.of(values.build(), cardinalities.build(), capacities.build());
    }
}
