package io.sharedatomic;

/**
 * A snapshot of one named entry, for tools: its name, type, size and value at the moment it was read.
 *
 * @param name       entry name.
 * @param type       entry type.
 * @param byteLength bytes the value occupies in the region.
 * @param detail     its shape in words: "width 4", "capacity 1024, UTF-8", "length 16"; empty for numbers.
 * @param format     the format text stored with the entry: a string's charset, a structure's tag (for example a
 *                   bitset's, which {@link io.sharedatomic.layout.BitmapDescriptor#bitCapacityOf} reads); empty if none.
 * @param value      the value as its handle's {@code toString()} prints it.
 */
public record RegionEntry(String name, ValueType type, long byteLength, String detail, String format, String value)
{
}
