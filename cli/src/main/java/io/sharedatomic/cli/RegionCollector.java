package io.sharedatomic.cli;

import java.util.List;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.sharedatomic.RegionEntry;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.SharedBitSet;

/**
 * A region's numbers as Prometheus gauges, read at each scrape: one family for values, labelled with the entry name
 * (entry names are free text, which metric names are not), and two for bitsets. Entries created after the server
 * started appear at the next scrape.
 *
 * <pre>
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

    private final SharedRegion region;
    private final String regionLabel;

    RegionCollector(final SharedRegion region, final String regionLabel)
    {
        this.region = region;
        this.regionLabel = regionLabel;
    }

    @Override
    public MetricSnapshots collect()
    {
        final GaugeSnapshot.Builder values = GaugeSnapshot.builder().name(VALUE)
            .help("Current value of each numeric entry (long, unsigned long, double; a boolean as 0 or 1)");
        final GaugeSnapshot.Builder cardinalities = GaugeSnapshot.builder().name(CARDINALITY).help("Bits set in each bitset");
        final GaugeSnapshot.Builder capacities = GaugeSnapshot.builder().name(CAPACITY).help("Bits each bitset can hold");
        final List<RegionEntry> entries = region.entries();
        for (final RegionEntry entry : entries)
        {
            final long capacity = Regions.bitSetCapacity(entry);
            if (capacity > 0)
            {
                final Labels labels = Labels.of("entry", entry.name(), "region", regionLabel);
                final SharedBitSet bits = SharedBitSet.of(region, entry.name(), capacity);
                cardinalities.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(bits.cardinality()).build());
                capacities.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(capacity).build());
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
